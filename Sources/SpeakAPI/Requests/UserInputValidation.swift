import Foundation

/// The rules of CONTRACT A2 for user input: no stricter than needed.
enum UserInputValidation {
    /// No e-mail address is longer (RFC 3696 errata: 64 + 1 + 255).
    static let maximumEmailBytes = 320

    /// A name is 1–50 characters once trimmed, without control characters (NUL, line breaks
    /// inside) or characters that reorder text (right-to-left overrides and isolates).
    static func nameProblem(_ name: String) -> String? {
        if name.utf8.count > 1024 { return "Name must be at most 50 characters" }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "Name must not be empty" }
        if trimmed.count > 50 { return "Name must be at most 50 characters" }
        if trimmed.unicodeScalars.contains(where: isForbiddenInName) { return "Name must not contain control or text-direction characters" }
        return nil
    }

    private static func isForbiddenInName(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.generalCategory == .control { return true }
        switch scalar.value {
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C: return true
        default: return false
        }
    }

    /// A password is 8–128 characters with at least one letter and one digit; any characters.
    static func passwordProblem(_ password: String) -> String? {
        if password.count < 8 || password.count > 128 { return "Password must be 8 to 128 characters long" }
        if !password.contains(where: \.isLetter) || !password.contains(where: \.isNumber) {
            return "Password must contain at least one letter and one number"
        }
        return nil
    }

    /// The address as the original's `EmailStr` keeps it — the local part as typed, the domain
    /// lower-cased — when it looks like one: `local@domain.tld`, no spaces.
    static func normalizedEmail(_ email: String) -> String? {
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, trimmed.count <= 254,
            !trimmed.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }),
            case let domain = parts[1].lowercased(), domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..")
        else { return nil }
        return parts[0] + "@" + domain
    }
}
