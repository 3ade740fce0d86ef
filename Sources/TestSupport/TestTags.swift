import Testing

extension Tag {
    /// Tests that run the offline speech engines (espeak-ng, the Whisper sidecar): slow, and
    /// apart from the unit tests (`swift test --skip tag:speechEngines` runs everything else).
    @Tag public static var speechEngines: Self
}
