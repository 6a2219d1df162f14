// Seed: replaced by the Answers work (issue 6).
import ToolSupport
import ArgumentParser
struct MPOEval: ParsableCommand { func run() throws { throw InputError("mpo-eval: nothing here yet") } }
MPOEval.runAsTool()
