import Foundation

/// The rules of CONTRACT A2 for user input: no stricter than needed.
enum UserInputValidation {
    /// A name is 1–50 characters once trimmed.
    static func nameProblem(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "Name must not be empty" }
        if trimmed.count > 50 { return "Name must be at most 50 characters" }
        return nil
    }

    /// A password is 8–128 characters with at least one letter and one digit; any characters.
    static func passwordProblem(_ password: String) -> String? {
        if password.count < 8 || password.count > 128 { return "Password must be 8 to 128 characters long" }
        if !password.contains(where: \.isLetter) || !password.contains(where: \.isNumber) {
            return "Password must contain at least one letter and one number"
        }
        return nil
    }

    /// The address lower-cased, when it looks like one: `local@domain.tld`, no spaces.
    static func normalizedEmail(_ email: String) -> String? {
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, trimmed.count <= 254,
            !trimmed.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }),
            case let domain = parts[1], domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix("."), !domain.contains("..")
        else { return nil }
        return trimmed
    }
}
