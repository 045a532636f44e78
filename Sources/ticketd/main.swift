import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

// Everything ticketd creates (the database, its WAL, exports) is for its own user only.
umask(0o077)
Ticketd.main()
