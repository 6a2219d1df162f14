#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

// AE_IFREG and friends are cast macros that Swift does not import.
static const unsigned int CArchive_AE_IFMT = AE_IFMT;
static const unsigned int CArchive_AE_IFREG = AE_IFREG;
static const unsigned int CArchive_AE_IFDIR = AE_IFDIR;
