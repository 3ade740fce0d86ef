/// The Kokoro voices the original service chose from, by the AI character's gender.
public enum VoiceCatalog {
    public static let female = ["af_aoede", "af_heart", "bf_v0isabella", "jf_alpha"]
    public static let male = [
        "im_nicola", "am_echo", "am_eric", "am_fenrir", "am_liam", "am_michael", "am_onyx", "am_puck", "am_v0adam", "hm_omega",
        "bm_daniel", "bm_fable", "bm_george", "bm_lewis", "bm_v0george", "bm_v0lewis",
    ]
    /// The voice when a conversation has none.
    public static let fallback = "hm_omega"

    /// A random voice of the gender.
    public static func pick(female isFemale: Bool) -> String {
        (isFemale ? female : male).randomElement() ?? fallback
    }
}
