import AI
import BSON
import Foundation
import Hummingbird
import HummingbirdTesting
import SpeakAPI
import Testing
import TestSupport

@Suite("Picture practice over real HTTP")
struct ImagesRouteTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 7, count: 64)

    @Test("for a signed-in learner, pictures are described once by the model, served without login, and feedback compares descriptions")
    func practice() async throws {
        let fake = FakeOpenAIServer(replies: [
            .content("Two people sit at a table in a bright cafe."),
            .content(#"{"better_version": "Two people are sitting at a table.", "explanation": "Use the present continuous."}"#),
        ])
        try await fake.run { base in
            try await withTemporaryDirectory { directory in
                let images = directory.appendingPathComponent("images")
                try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
                try Data(Self.png).write(to: images.appendingPathComponent("cafe.png"))
                let chat = OpenAICompatibleChatModel(endpoint: OpenAIEndpoint(baseURL: base, apiKey: nil, timeout: .seconds(5), attempts: 1), model: "vision")
                try await LiveServer.run(in: directory, providers: AIProviders(chat: chat)) { client, _ in
                    let token = try await LiveServer.register(client)
                    // When the list is read twice by a signed-in learner, then by anyone
                    let (status, _, list) = try await client.json(.get, "/api/images/practice", token: token)
                    let (_, _, again) = try await client.json(.get, "/api/images/practice")
                    // Then each picture has a four-digit id, its name and the description, written once
                    #expect(status == .ok && list == again)
                    guard case .array(let items)? = list, let first = items.first else {
                        Issue.record("no list")
                        return
                    }
                    #expect(first.keys == ["id", "name", "detail_description"])
                    let id = try #require(first["id"]?.string)
                    #expect(id.count == 4 && Int(id) != nil && first["name"]?.string == "/uploads/images/cafe.png")
                    #expect(first["detail_description"]?.string == "Two people sit at a table in a bright cafe.")
                    #expect(fake.receivedBodies.first?.contains("image_url") == true && fake.receivedBodies.first?.contains(";base64,") == true)
                    // The picture itself, without login
                    try await client.execute(uri: "/api/images/\(id)", method: .get) { response in
                        #expect(response.status == .ok && response.headers[.contentType] == "image/png")
                        #expect(Array(response.body.readableBytesView) == Self.png)
                    }
                    let (missing, _, _) = try await client.json(.get, "/api/images/0000")
                    #expect(missing == .notFound)
                    // Feedback on a learner's description
                    let (fed, _, answer) = try await client.json(
                        .post, "/api/images/feedback", token: token,
                        body: #"{"user_id":"current-user-id","image_id":"\#(id)","user_transcription":"Two people sit table."}"#)
                    #expect(fed == .ok && answer?.keys == ["better_version", "explanation"])
                    #expect(answer?["better_version"]?.string == "Two people are sitting at a table.")
                }
            }
        }
    }

    /// The pictures shipped in the checkout's `seed/images`.
    static let shipped = ProjectFolder.root.appendingPathComponent("seed/images")

    @Test("offline, with an empty images folder: the shipped pictures with their reference descriptions, and feedback from the checker")
    func offlinePractice() async throws {
        try await withTemporaryDirectory { directory in
            try await LiveServer.run(in: directory, providers: AIProviders(), configure: { $0.shippedImagesDirectory = Self.shipped.path }) { client, _ in
                // When the list is read with no chat model and nothing in the images folder
                let (status, _, list) = try await client.json(.get, "/api/images/practice")
                // Then every shipped picture is there with the description written beside it
                #expect(status == .ok)
                guard case .array(let items)? = list else {
                    Issue.record("no list")
                    return
                }
                #expect(items.compactMap { $0["name"]?.string } == ["house", "park", "street", "table"].map { "/uploads/images/\($0).png" })
                let house = try #require(items.first)
                let reference = try String(contentsOf: Self.shipped.appendingPathComponent("house.txt"), encoding: .utf8)
                #expect(house["detail_description"]?.string == reference.trimmingCharacters(in: .whitespacesAndNewlines))
                let id = try #require(house["id"]?.string)
                try await client.execute(uri: "/api/images/\(id)", method: .get) { response in
                    #expect(response.status == .ok && response.headers[.contentType] == "image/png")
                    #expect(Array(response.body.readableBytesView.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
                }
                // When a learner describes it with mistakes and leaves things out
                let (fed, _, answer) = try await client.json(
                    .post, "/api/images/feedback",
                    body: #"{"user_id":"u1","image_id":"\#(id)","user_transcription":"There is a red house. It have a blue door."}"#)
                // Then the better version is theirs, corrected; the explanation names the fix and what else the picture shows
                #expect(fed == .ok && answer?.keys == ["better_version", "explanation"])
                #expect(answer?["better_version"]?.string == "There is a red house. It has a blue door.")
                let explanation = answer?["explanation"]?.string ?? ""
                #expect(explanation.contains("\"It have\" → \"It has\""))
                #expect(explanation.contains("The picture also shows:") && explanation.contains("tree") && explanation.contains("sun"))
                #expect(!explanation.contains("blue door"))
            }
        }
    }

    @Test("a configured provider is never spent on for anonymous requests")
    func anonymousNeverSpends() async throws {
        let fake = FakeOpenAIServer(replies: [.content("described by the model")], fallback: .content(#"{"better_version": "m", "explanation": "m"}"#))
        try await fake.run { base in
            try await withTemporaryDirectory { directory in
                let images = directory.appendingPathComponent("images")
                try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
                try Data(Self.png).write(to: images.appendingPathComponent("cafe.png"))
                try Data(Self.png).write(to: images.appendingPathComponent("dog.png"))
                try "A dog sleeps on a red rug.".write(to: images.appendingPathComponent("dog.txt"), atomically: true, encoding: .utf8)
                let chat = OpenAICompatibleChatModel(endpoint: OpenAIEndpoint(baseURL: base, apiKey: nil, timeout: .seconds(5), attempts: 1), model: "vision")
                try await LiveServer.run(in: directory, providers: AIProviders(chat: chat), configure: { $0.anonymousImageFeedbackPerMinute = 2 }) { client, _ in
                    // When anyone without a token (or with a forged one) lists and asks for feedback
                    let (_, _, list) = try await client.json(.get, "/api/images/practice", token: "forged.token.value")
                    guard case .array(let items)? = list else {
                        Issue.record("no list")
                        return
                    }
                    // Then the picture with a written description is there, the one the model would describe is not (yet)
                    #expect(items.compactMap { $0["name"]?.string } == ["/uploads/images/dog.png"])
                    let id = try #require(items.first?["id"]?.string)
                    let (fed, _, answer) = try await client.json(
                        .post, "/api/images/feedback", body: #"{"user_id":"u1","image_id":"\#(id)","user_transcription":"A dog is on a rug. It have a red rug."}"#)
                    #expect(fed == .ok && answer?["better_version"]?.string == "A dog is on a rug. It has a red rug.")
                    // And the provider received nothing
                    #expect(fake.receivedBodies.isEmpty)
                    // And anonymous feedback is limited per address (IMAGE_FEEDBACK_PER_MINUTE is 2 here)
                    let (allowed, _, _) = try await client.json(
                        .post, "/api/images/feedback", body: #"{"user_id":"u1","image_id":"\#(id)","user_transcription":"A dog."}"#)
                    #expect(allowed == .ok)
                    let (refused, retry, _) = try await client.json(
                        .post, "/api/images/feedback", body: #"{"user_id":"u1","image_id":"\#(id)","user_transcription":"A dog."}"#)
                    #expect(refused == .tooManyRequests && retry[.retryAfter] != nil)
                    // When a signed-in learner lists, then the model describes the other picture
                    let token = try await LiveServer.register(client)
                    let (_, _, signedIn) = try await client.json(.get, "/api/images/practice", token: token)
                    if case .array(let all)? = signedIn { #expect(all.count == 2) } else { Issue.record("no list") }
                    #expect(fake.receivedBodies.count == 1)
                }
            }
        }
    }
}
