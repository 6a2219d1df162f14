// Makes an artifact from a folder, so users can bring their own data (`mmpr-art pack`): every
// regular file below the folder becomes an entry named by its relative path, in byte order.
import Foundation

extension ArtifactWriter {
    /// A writer holding every file under `directory`. Symbolic links, devices and a top-level
    /// `manifest.json` are refused by name rather than silently skipped.
    public static func packing(
        directory: String, kind: String, tool: Manifest.Tool
    ) throws -> ArtifactWriter {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ArtifactError(file: directory, "not a directory")
        }
        let files = try regularFiles(under: directory, relativeTo: "")
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let writer = ArtifactWriter(kind: kind, tool: tool)
        var total: Int64 = 0
        for name in files {
            if name == EntryName.manifest {
                throw ArtifactError(
                    file: directory, entry: name, "the name is reserved for the manifest the artifact gets; rename or remove the file")
            }
            do {
                try writer.add(name, contentsOf: directory + "/" + name)
            } catch let error as ArtifactError where error.entry == name {
                throw ArtifactError(file: directory, entry: name, error.problem)
            }
            total += writer.manifest.entries.last!.size
        }
        writer.manifest.stats = ["files": .integer(Int64(files.count)), "bytes": .integer(total)]
        return writer
    }

    private static func regularFiles(under root: String, relativeTo prefix: String) throws -> [String] {
        let folder = prefix.isEmpty ? root : root + "/" + prefix
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw ArtifactError(file: folder, "cannot list the directory")
        }
        var files: [String] = []
        for name in names {
            let relative = prefix.isEmpty ? name : prefix + "/" + name
            var status = stat()
            guard lstat(root + "/" + relative, &status) == 0 else {
                throw ArtifactError(file: root, entry: relative, "cannot stat: \(String(cString: strerror(errno)))")
            }
            switch status.st_mode & S_IFMT {
            case S_IFREG: files.append(relative)
            case S_IFDIR: files += try regularFiles(under: root, relativeTo: relative)
            case S_IFLNK: throw ArtifactError(file: root, entry: relative, "is a symbolic link; copy the file it points to instead")
            default: throw ArtifactError(file: root, entry: relative, "is not a regular file")
            }
        }
        return files
    }
}
