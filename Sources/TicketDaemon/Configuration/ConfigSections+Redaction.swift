extension Configuration {
    /// `[redaction]`: optional; how sure a pseudonymized copy must be before it leaves unchecked.
    package struct Redaction: Sendable {
        /// A copy whose residual risk (Privacy.ResidualRisk) reaches this many signs is held for an
        /// agent; 0 holds none.
        package var holdRiskAt: Int

        package static let standard = Redaction(holdRiskAt: 1)
    }
}

/// `[redaction]`.
extension ConfigSections {
    func redaction(_ root: TableReader) -> Configuration.Redaction? {
        var redaction = Configuration.Redaction.standard
        guard let table = root.table("redaction") else { return redaction }
        defer { table.finish() }
        guard let value = integer(table, "hold_risk_at", in: 0...1000, default: redaction.holdRiskAt) else { return nil }
        redaction.holdRiskAt = value
        return redaction
    }
}
