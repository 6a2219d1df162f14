// Seed: replaced by the Problems work (issue 5).
import ArgumentParser
import ToolSupport
struct Seed: ParsableCommand { func run() throws { throw InputError("not built yet") } }
Seed.runAsTool()
