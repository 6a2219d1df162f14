// What every pair export shares: a folder staged beside its destination (all files appear
// together, or none after a failure), the pairs' images copied into it under their entry names,
// and the path by which a trainer running in the base folder reaches the export.
import Artifacts
import Problems

enum ExportFolder {
    /// Stages `directory`, copies every image the pairs name, and lets `body` write the rest; `root`
    /// is the export folder relative to `baseDirectory` (default: the folder itself, ".").
    static func write<Result>(
        pairs: [PairRecord], images: [String: [UInt8]], to directory: String, baseDirectory: String?,
        body: (_ folder: StagedFolder, _ root: String) throws -> Result
    ) throws -> Result {
        let folder = try StagedFolder(directory)
        do {
            for name in Set(pairs.compactMap(\.image)).sorted() {
                guard let bytes = images[name] else { throw RecordError("pair image \(name) is not among the images to export") }
                try folder.write(bytes, to: name)
            }
            let result = try body(folder, relativePath(folder.destination, from: baseDirectory ?? folder.destination))
            try folder.commit()
            return result
        } catch {
            folder.abandon()
            throw error
        }
    }

    /// `name` (a path inside the export) as seen from the base folder.
    static func path(_ name: String, root: String) -> String { root == "." ? name : "\(root)/\(name)" }
}
