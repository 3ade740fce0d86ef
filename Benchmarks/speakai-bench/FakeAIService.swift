import Foundation
import TestSupport

/// `speakai-bench fake-ai PORT`: an instant OpenAI-compatible AI on loopback for the HTTP
/// benchmark. One JSON answer serves every chat use (scenario, reply, feedback).
enum FakeAIService {
    static let answer = """
        {"refined_user_role": "Customer", "refined_ai_role": "Barista", "refined_situation": "Ordering coffee.",
         "response": "Hi! What would you like?", "ai_gender": "female",
         "user_feedback": "Well said.", "detailed_feedback": {"grammar_issues": [], "vocabulary_issues": [], "positives": ["clear"], "fluency": []}}
        """

    static func run(port: Int) async throws {
        let fake = FakeOpenAIServer(fallback: .content(answer), transcriptionFallback: .transcript("I would like a coffee please.", duration: 2))
        try await fake.run(port: port) { base in
            print("fake AI listening at \(base)")
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
