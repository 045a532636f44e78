import Testing

/// The suites that send and read mail through the shared support, queue and partner mailboxes.
/// They run one after another (the trait applies to the nested suites), since each empties
/// those mailboxes at its start.
@Suite("Sending mail through the local servers", .serialized)
struct SendingTests {}
