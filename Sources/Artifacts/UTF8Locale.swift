// Runs libarchive header calls with the calling thread in the C.UTF-8 locale (libarchive 3.6
// segfaults on non-ASCII names in the "C" locale Swift programs use).
import CArchive
import Foundation

enum UTF8Locale {
    /// Created once; `uselocale` only switches the calling thread, so this is safe to share.
    nonisolated(unsafe) private static let locale: locale_t? = CArchive_newUTF8Locale()

    static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        guard let locale else { return try body() }
        let previous = uselocale(locale)
        defer { uselocale(previous) }
        return try body()
    }
}
