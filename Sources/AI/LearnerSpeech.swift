import Foundation

/// How a learner's speech is to be transcribed. Speech recognisers tidy grammar ("I has" heard
/// as "I have"), which hides the very mistakes feedback is for; a prompt showing learner
/// mistakes kept verbatim makes Whisper keep more of them — and, with Whisper base, also makes it
/// write mistakes into correct speech ("an umbrella" heard as "a umbrella"). Measured on 86
/// spoken sentences (`SpokenMistakesTests`): mistakes kept 38% → 56%, named in feedback 29% →
/// 42%, but the word error rate on correct sentences 7.3% → 12.0% and correct sentences flagged
/// 6% → 15%. So it is off unless `TRANSCRIPTION_PROMPT` asks for it.
public enum LearnerSpeech {
    /// The learner prompt (`TRANSCRIPTION_PROMPT=verbatim`): Whisper's initial prompt, or an
    /// OpenAI-compatible provider's `prompt`. Its examples share no sentence with the test set.
    public static let verbatimPrompt =
        "Transcribe exactly what the learner says, mistakes included: He walk to the park. She want a cat. I has two book. My cousin have three dog."

    /// The prompt a `TRANSCRIPTION_PROMPT` setting asks for: none when unset or empty, the
    /// learner prompt for `verbatim`, any other text as it is.
    public static func prompt(setting: String?) -> String? {
        guard let setting = setting?.trimmingCharacters(in: .whitespacesAndNewlines), !setting.isEmpty else { return nil }
        return setting == "verbatim" ? verbatimPrompt : setting
    }
}
