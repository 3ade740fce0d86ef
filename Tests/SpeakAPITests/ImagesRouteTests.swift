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

    @Test("pictures are listed with a description written once, served without login, and feedback compares descriptions")
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
                    // When the list is read twice
                    let (status, _, list) = try await client.json(.get, "/api/images/practice")
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
                    let (fed, _, answer) = try await client.json(.post, "/api/images/feedback", body: #"{"user_id":"current-user-id","image_id":"\#(id)","user_transcription":"Two people sit table."}"#)
                    #expect(fed == .ok && answer?.keys == ["better_version", "explanation"])
                    #expect(answer?["better_version"]?.string == "Two people are sitting at a table.")
                }
            }
        }
    }
}
