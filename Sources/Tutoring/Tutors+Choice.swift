import AI
import Domain

extension Tutors {
    /// Every tutor backed by `model`; feedback explanations in `feedbackLanguage`.
    public static func chatModel(_ model: any ChatModel, feedbackLanguage: String) -> Tutors {
        Tutors(
            designer: ChatModelScenarioDesigner(model: model), partner: ChatModelConversationPartner(model: model),
            feedback: ChatModelFeedbackWriter(model: model, language: feedbackLanguage), pictures: ChatModelPictureTutor(model: model),
            source: .chatModel)
    }

    /// Every tutor backed by the offline rules: no provider, no key, no network.
    public static let offlineRules = Tutors(
        designer: RuleBasedScenarioDesigner(), partner: RuleBasedConversationPartner(), feedback: RuleBasedFeedbackWriter(),
        pictures: RuleBasedPictureTutor(), source: .offlineRules)

    /// The choice made once at start-up: the chat model's tutors when one is configured, else
    /// the offline rules.
    public static func choose(chat: (any ChatModel)?, feedbackLanguage: String) -> Tutors {
        guard let chat else { return offlineRules }
        return chatModel(chat, feedbackLanguage: feedbackLanguage)
    }
}
