#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

// AE_IFREG and friends are cast macros that Swift does not import.
static const unsigned int CArchive_AE_IFMT = AE_IFMT;
static const unsigned int CArchive_AE_IFREG = AE_IFREG;
static const unsigned int CArchive_AE_IFDIR = AE_IFDIR;

// libarchive 3.6 crashes converting non-ASCII entry names in the "C" locale, which Swift
// programs run in: header calls run with the calling thread switched to C.UTF-8.
static inline locale_t CArchive_newUTF8Locale(void) {
    return newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}
