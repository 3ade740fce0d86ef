/// How a learner's speech is to be transcribed: as it was said. Speech recognisers tidy grammar
/// ("I has" heard as "I have"), which hides the very mistakes feedback is for; a prompt that
/// shows learner mistakes kept verbatim makes Whisper keep more of them.
public enum LearnerSpeech {
    /// Sent as the transcription request's `prompt` (Whisper's initial prompt), to the offline
    /// engine and to OpenAI-compatible providers alike. Its examples share no sentence with the
    /// labelled test set.
    public static let verbatimPrompt =
        "Transcribe exactly what the learner says, mistakes included: He walk to the park. She want a cat. I has two book. My cousin have three dog."
}
