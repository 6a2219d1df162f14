import ToolSupport
import ArgumentParser
struct Placeholder: ParsableCommand { func run() throws { throw InputError("x") } }
Placeholder.runAsTool()
