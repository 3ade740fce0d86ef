import AI
import Domain
import Foundation
import Testing
import TestSupport
import Tutoring

/// The offline partner over 110 learner utterances in 10 role-plays
/// (Fixtures/partner-utterances.tsv, each labelled with what a sensible reply takes up).
@Suite("Rule-based partner (unit)")
struct RuleBasedPartnerUnitTests {
    static let scenarios: [String: (user: String, ai: String, situation: String)] = [
        "restaurant": ("customer", "waiter", "Ordering dinner at a restaurant."),
        "interview": ("job applicant", "manager", "A job interview at a bakery."),
        "hotel": ("guest", "receptionist", "Checking in at a hotel."),
        "doctor": ("patient", "doctor", "A visit to the doctor."),
        "clothes": ("customer", "shop assistant", "Buying clothes in a shop."),
        "airport": ("traveller", "check-in agent", "Checking in at the airport."),
        "friend": ("friend", "old friend", "Catching up with an old friend."),
        "school": ("student", "teacher", "Talking about homework after class."),
        "taxi": ("passenger", "taxi driver", "A taxi ride to the station."),
        "apartment": ("tenant", "estate agent", "Looking at an apartment to rent."),
    ]

    struct Case { var scenario: String; var utterance: String; var takenUp: [String] }

    static func cases() throws -> [Case] {
        let url = ProjectFolder.root.appendingPathComponent("Tests/TutoringTests/Fixtures/partner-utterances.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let columns = line.split(separator: "\t").map(String.init)
            guard columns.count == 3 else { return nil }
            return Case(scenario: columns[0], utterance: columns[1], takenUp: columns[2] == "-" ? [] : columns[2].split(separator: "|").map(String.init))
        }
    }

    /// Words that never make a talking point on their own.
    static let neverAlone: Set<String> = [
        "very", "much", "really", "too", "also", "always", "often", "it", "he", "she", "they", "we", "you", "i", "me", "him",
        "her", "them", "a", "an", "the", "this", "that", "yes", "no", "good", "nice", "tired", "loved", "like", "has", "is",
    ]

    @Test("every reply takes up what the learner talked about, speaks as the role, claims nothing unsaid and asks a question")
    func sensibleReplies() async throws {
        let cases = try Self.cases()
        #expect(cases.count >= 100 && Set(cases.map(\.scenario)).count >= 10)
        var takenUp = 0, labelled = 0
        var samples: [String] = []
        for (index, item) in cases.enumerated() {
            let scenario = try #require(Self.scenarios[item.scenario])
            // Given a conversation in the scenario and the learner's latest line
            let conversation = Conversation(
                userID: .generate(), userRole: scenario.user, aiRole: scenario.ai, situation: scenario.situation, startedAt: Date(), voiceType: nil)
            let history = [
                Message(conversationID: conversation.id, sender: .ai, content: "Hello! How can I help you?", timestamp: Date()),
                Message(conversationID: conversation.id, sender: .user, content: item.utterance, timestamp: Date()),
            ]
            // When the partner answers
            let reply = try await RuleBasedConversationPartner().reply(in: conversation, history: history)
            let lower = reply.lowercased()
            // Then it asks a question, as the role, without claiming what was not said
            #expect(reply.hasSuffix("?"), "\(item.utterance) → \(reply)")
            #expect(lower.contains(scenario.ai), "\(item.utterance) → \(reply)")
            if lower.contains(" too!") || lower.contains(" too.") {
                let said = item.utterance.lowercased()
                #expect(said.contains("nice to meet you") || said.contains("good to see you"), "\(item.utterance) → \(reply)")
            }
            // And it is built around what the learner talked about, never a lone function word
            if let point = TalkingPoint.find(in: item.utterance) {
                let words = point.phrase.split(separator: " ").map(String.init)
                #expect(!(words.count == 1 && Self.neverAlone.contains(words[0])), "\(item.utterance) → \(point.phrase)")
            }
            if !item.takenUp.isEmpty {
                labelled += 1
                if item.takenUp.contains(where: { lower.contains($0.lowercased()) }) { takenUp += 1 } else { Issue.record("not taken up: \(item.utterance) → \(reply)") }
            }
            if index % 11 == 1 || ProcessInfo.processInfo.environment["PARTNER_ALL"] != nil { samples.append("  [\(scenario.ai)] learner: \(item.utterance)\n  [\(scenario.ai)] partner: \(reply)") }
        }
        print("Offline partner: \(takenUp) of \(labelled) labelled utterances taken up; sample exchanges:\n" + samples.joined(separator: "\n"))
    }

    @Test("talking points: a verb with its object, a noun phrase from the listener's side, nothing from function words")
    func talkingPoints() {
        #expect(TalkingPoint.find(in: "I like to make breads very much.") == TalkingPoint(kind: .action, phrase: "making breads", thing: "breads"))
        #expect(["three years experience", "the bakery"].contains(TalkingPoint.find(in: "I has three years experience in a bakery")?.phrase))
        #expect(TalkingPoint.find(in: "How much is the rent?")?.phrase == "the rent")
        #expect(TalkingPoint.find(in: "I moved to a new apartment last month.")?.phrase == "the new apartment")
        #expect(TalkingPoint.find(in: "My sister loves it.")?.phrase == "your sister")
        #expect(TalkingPoint.find(in: "and she loved it") == nil)
        #expect(TalkingPoint.find(in: "I can work every weekends") == nil)
        #expect(TalkingPoint.find(in: "I am very tired") == nil)
        #expect(TalkingPoint.find(in: "Yes, really, very much!") == nil)
        #expect(TalkingPoint.find(in: "") == nil)
        #expect(TalkingPoint.find(in: "I am flying to London.")?.phrase == "London")
        #expect(TalkingPoint.find(in: "Coffee is my favourite drink.")?.phrase == "coffee")
    }

    @Test("any text — empty, punctuation only, unicode, 5,000 words — gives a talking point of at most seven words (a verb, two determiners, four nouns) or none, never a crash")
    func anyText() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["I", "my", "the", "a", "go", "went", "to", "London", "breads", "very", "?", "!", ",", "’s", "😀", "ǅ", "", " ", "--", "'", "to to", "have has", "2026"]
        for length in [0, 1, 2, 5, 50, 5_000] {
            for _ in 0..<40 {
                let text = (0..<length).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined(separator: Bool.random(using: &rng) ? " " : "")
                if let point = TalkingPoint.find(in: text) {
                    #expect(!point.phrase.isEmpty && point.phrase.split(separator: " ").count <= 7, "\(point.phrase)")
                }
            }
        }
    }
}
