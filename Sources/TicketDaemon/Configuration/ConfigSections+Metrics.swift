import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Configuration {
    /// `[metrics]`: optional; where the daemon writes its metrics for monitoring.
    package struct Metrics: Sendable {
        /// The file node_exporter's textfile collector reads (absolute after loading).
        package var textfile: String
    }
}

/// `[metrics]`.
extension ConfigSections {
    func metrics(_ root: TableReader) -> Configuration.Metrics? {
        guard let table = root.table("metrics") else { return nil }
        defer { table.finish() }
        let example = "\"/var/lib/prometheus/node-exporter/ticketd.prom\""
        guard let configured = table.string("textfile", required: true, example: example) else { return nil }
        let path = resolvePath(configured, against: directory)
        let name = (path as NSString).lastPathComponent
        let parent = (path as NSString).deletingLastPathComponent
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            table.invalid("textfile", "\(path) is a directory",
                          fix: "name a file inside it, e.g. textfile = \"\((path as NSString).appendingPathComponent("ticketd.prom"))\"")
            return nil
        }
        var parentStatus = stat()
        guard stat(parent, &parentStatus) == 0, (parentStatus.st_mode & S_IFMT) == S_IFDIR else {
            table.invalid("textfile", "the directory \(parent) does not exist",
                          fix: "create it (it is the directory node_exporter's --collector.textfile.directory names, "
                              + "e.g. /var/lib/prometheus/node-exporter), or remove the [metrics] section")
            return nil
        }
        // A warning only: `config check` may run as another user than the daemon.
        if access(parent, W_OK) != 0 {
            table.warn("textfile", "the directory \(parent) is not writable by this user; the metrics file is written there as a temporary file and renamed",
                       fix: "give the user ticketd runs as write access to \(parent) (e.g. a group both share, chmod 775)")
        }
        // The collector reads only *.prom files: any other name would be written and never read.
        if !name.hasSuffix(".prom") || name == ".prom" {
            table.warn("textfile", "\(name) does not end in .prom, so node_exporter's textfile collector will not read it",
                       fix: "name the file like textfile = \"\((parent as NSString).appendingPathComponent("ticketd.prom"))\"")
        }
        return Configuration.Metrics(textfile: path)
    }
}
