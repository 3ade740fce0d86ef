import AI
import Foundation
import TestSupport

/// The offline speech providers around the project's Whisper sidecar, for live-server tests:
/// the engine loads its model before `body` runs (under a full parallel test run loading it can
/// take longer than the test client waits for an answer, 20 s) and is stopped afterwards,
/// whether `body` returned or threw, so a failing test leaves no engine process behind.
func withWarmSpeechEngines(_ body: (AIProviders) async throws -> Void) async throws {
    let sidecar = WhisperSidecar(configuration: .project(root: ProjectFolder.root.path))
    let providers = AIProviders(transcriber: SidecarTranscriber(sidecar: sidecar), speech: OfflineSpeechSynthesizer(), sidecar: sidecar)
    do {
        _ = try await sidecar.endpoint()
        try await body(providers)
    } catch {
        await sidecar.stop()
        throw error
    }
    await sidecar.stop()
}
