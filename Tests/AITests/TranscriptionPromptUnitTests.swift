import AI
import Testing

@Suite("Transcription prompt setting (unit)")
struct TranscriptionPromptUnitTests {
    @Test("TRANSCRIPTION_PROMPT: unset or blank is none, 'verbatim' the learner prompt, other text as it is")
    func setting() {
        #expect(LearnerSpeech.prompt(setting: nil) == nil)
        #expect(LearnerSpeech.prompt(setting: "  ") == nil)
        #expect(LearnerSpeech.prompt(setting: "verbatim") == LearnerSpeech.verbatimPrompt)
        #expect(LearnerSpeech.prompt(setting: " Hello there. ") == "Hello there.")
        #expect(AIConfiguration.fromEnvironment(["TRANSCRIPTION_PROMPT": "verbatim"]).transcriptionPrompt == LearnerSpeech.verbatimPrompt)
        #expect(AIConfiguration.fromEnvironment([:]).transcriptionPrompt == nil)
    }
}
