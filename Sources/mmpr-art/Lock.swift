import ArgumentParser
import Artifacts
import Foundation
import ToolSupport

extension MMPRArt {
    struct Lock: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a lock: per stage artifact, its hash and what made it (make lock).",
            discussion: """
                One canonical JSON line per artifact, in the order given: the stage's file name, its \
                XXH3-128, and from its manifest the tool and version, parameters, input hashes and \
                compute environment. 'mmpr-art check-lock' compares a rebuild against it.

                  mmpr-art lock --dir build/smoke problems.mmpr sft.mmpr > recipes/smoke.lock
                """)

        @Option(help: "The folder the stage artifacts are in.") var dir: String
        @Argument(help: "The stages' artifact file names, in pipeline order.") var stages: [String]

        func run() throws {
            let entries = try stages.map { try LockEntry.of(path: "\(dir)/\($0)", stage: $0) }
            try Lockfile.encode(entries).withUnsafeBytes { try StandardOutput.write($0) }
        }
    }

    struct CheckLock: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check-lock",
            abstract: "Compare a pipeline's artifacts with a lock (make verify), like cmp.",
            discussion: """
                Per stage: bit-identical, missing, or differs with the causes (a changed input and \
                the stage that made it, a parameter, the compute environment, the tool). A stage \
                artifact in the folder (a *.mmpr file) that the lock does not name is reported too: \
                a deleted lock line must not leave a stage unchecked. An empty lock is refused. \
                Exit status as cmp: 0 all identical, 1 some differ or are unlocked, 2 trouble.
                """)

        @Argument(help: "The lock file.") var lock: String
        @Option(help: "The folder the stage artifacts are in.") var dir: String

        func run() throws {
            guard let bytes = FileManager.default.contents(atPath: lock) else { throw InputError("\(lock): cannot read the lock file") }
            let locked = try Lockfile.decode([UInt8](bytes), file: lock)
            guard !locked.isEmpty else {
                throw InputError("\(lock): the lock names no stage, so it checks nothing; write it with `make lock`")
            }
            let producers = Dictionary(locked.map { ($0.hash, $0.stage) }, uniquingKeysWith: { first, _ in first })
            var differing = 0
            for entry in locked {
                let path = "\(dir)/\(entry.stage)"
                let current = FileManager.default.fileExists(atPath: path) ? try LockEntry.of(path: path, stage: entry.stage) : nil
                switch Lockfile.verdict(locked: entry, current: current, producers: producers) {
                case .identical:
                    print("\(entry.stage): bit-identical (\(entry.hash))")
                case .missing:
                    differing += 1
                    print("\(entry.stage): missing (\(path))")
                case .differs(let causes):
                    differing += 1
                    print("\(entry.stage): differs: \(causes.joined(separator: "; "))")
                }
            }
            let lockedStages = Set(locked.map(\.stage))
            let unlocked = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
                .filter { $0.hasSuffix(".mmpr") && !lockedStages.contains($0) }.sorted()
            for stage in unlocked { print("\(stage): not in the lock (\(dir)/\(stage) is not checked by \(lock))") }
            if differing == 0 && unlocked.isEmpty {
                print("all \(locked.count) stages bit-identical to \(lock)")
            } else {
                print(
                    "\(differing) of \(locked.count) stages differ from \(lock)"
                        + (unlocked.isEmpty ? "" : "; \(unlocked.count) stage(s) not in it"))
                throw ExitCode(1)
            }
        }
    }
}
