import Foundation
import BSON

/// The OpenAPI 3.1 description of every route (served at `/openapi.json`, printed by
/// `speakai openapi`).
public enum OpenAPIDocument {
    typealias S = OpenAPISchemas

    static func json(_ schema: BSONValue, _ description: String) -> BSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    static let errors: [(String, BSONValue)] = [
        ("401", json(S.ref("ErrorDetail"), "Not authenticated, invalid or expired token")),
        ("422", json(S.ref("HTTPValidationError"), "Validation error")),
    ]

    static func operation(
        _ summary: String, tag: String, auth: Bool = true, parameters: [BSONValue] = [], body: BSONValue? = nil,
        responses: [(String, BSONValue)]
    ) -> BSONValue {
        var d: Document = ["summary": .string(summary), "tags": [.string(tag)], "operationId": .string(summary.lowercased().replacingOccurrences(of: " ", with: "_"))]
        if auth { d["security"] = [["OAuth2PasswordBearer": []]] }
        if !parameters.isEmpty { d["parameters"] = .array(parameters) }
        if let body { d["requestBody"] = body }
        var all = responses
        if auth { all += errors.filter { code, _ in !responses.contains { $0.0 == code } } }
        d["responses"] = .document(Document(all.map { ($0.0, $0.1) }))
        return .document(d)
    }

    static func pathID(_ name: String) -> BSONValue {
        ["name": .string(name), "in": "path", "required": true, "schema": S.objectId]
    }

    static func query(_ name: String, _ schema: BSONValue, required: Bool = false) -> BSONValue {
        ["name": .string(name), "in": "query", "required": .bool(required), "schema": schema]
    }

    static func body(_ media: String, _ schema: BSONValue) -> BSONValue {
        let content = Document([(key: media, value: BSONValue.document(["schema": schema]))])
        return ["required": true, "content": .document(content)]
    }

    /// The whole document.
    public static var document: Document {
        let notFound: (String, BSONValue) = ("404", json(S.ref("ErrorDetail"), "Not found or not yours"))
        let ai: [(String, BSONValue)] = [("502", json(S.ref("ErrorDetail"), "The AI provider failed")), ("503", json(S.ref("ErrorDetail"), "No AI provider configured")), ("504", json(S.ref("ErrorDetail"), "The AI provider timed out"))]
        let limited: (String, BSONValue) = ("429", json(S.ref("ErrorDetail"), "Too many attempts (Retry-After says when to try again)"))
        let mp3: BSONValue = ["description": "MP3 audio", "content": ["audio/mpeg": ["schema": ["type": "string", "contentMediaType": "audio/mpeg"]]]]
        let voice = operation("Voice context", tag: "messages", parameters: [pathID("message_id")], responses: [("200", json(S.ref("VoiceContext"), "The conversation's voice and latest AI line")), notFound])
        let paths: [(String, BSONValue)] = [
            ("/", ["get": operation("Root", tag: "meta", auth: false, responses: [("200", json(S.ref("Welcome"), "Welcome"))])]),
            ("/health", ["get": operation("Health", tag: "meta", auth: false, responses: [("200", json(S.ref("Health"), "Healthy, or degraded: writes refused for lack of storage")), ("503", json(S.ref("Health"), "Storage unavailable"))])]),
            ("/api/users/register", ["post": operation("Register", tag: "users", auth: false, body: body("application/json", S.ref("RegisterRequest")),
                responses: [("201", json(S.ref("RegisterResponse"), "Registered")), ("400", json(S.ref("ErrorDetail"), "Email already registered")), ("422", json(S.ref("HTTPValidationError"), "Validation error")), limited])]),
            ("/api/users/login", ["post": operation("Login", tag: "users", auth: false, body: body("application/x-www-form-urlencoded", S.ref("LoginForm")),
                responses: [("200", json(S.ref("LoginResponse"), "Token")), ("401", json(S.ref("ErrorDetail"), "Incorrect email or password")), ("422", json(S.ref("HTTPValidationError"), "Validation error")), limited])]),
            ("/api/users/me", [
                "get": operation("Read me", tag: "users", responses: [("200", json(S.ref("User"), "The user"))]),
                "put": operation("Update me", tag: "users", body: body("application/json", S.ref("UserUpdate")), responses: [("200", json(S.ref("User"), "Updated")), ("400", json(S.ref("ErrorDetail"), "No valid fields to update"))]),
                "delete": operation("Delete me", tag: "users", responses: [("204", ["description": "Deleted"])]),
            ]),
            ("/api/users/list", ["get": operation("List users", tag: "users", responses: [("200", json(S.array(S.ref("User")), "Users")), ("403", json(S.ref("ErrorDetail"), "Not an administrator"))])]),
            ("/api/conversations", [
                "post": operation("Create conversation", tag: "conversations", body: body("application/json", S.ref("ConversationCreate")), responses: [("200", json(S.ref("ConversationCreated"), "Started"))] + ai),
                "get": operation("List conversations", tag: "conversations", parameters: [query("page", ["type": "integer", "minimum": 1, "default": 1]), query("limit", ["type": "integer", "minimum": 1, "maximum": 100, "default": 10])],
                    responses: [("200", json(S.ref("ConversationPage"), "Newest first"))]),
            ]),
            ("/api/conversations/{conversation_id}", ["get": operation("Read conversation", tag: "conversations", parameters: [pathID("conversation_id")], responses: [("200", json(S.ref("ConversationWithMessages"), "With messages")), notFound])]),
            ("/api/conversations/{conversation_id}/message", ["post": operation("Send message", tag: "conversations", parameters: [pathID("conversation_id"), query("audio_id", S.objectId, required: true)],
                responses: [("200", json(S.ref("MessageExchange"), "The learner's message and the AI's reply")), notFound] + ai)]),
            ("/api/audio2text", ["post": operation("Audio to text", tag: "audio", body: body("multipart/form-data", S.ref("AudioUpload")),
                responses: [("200", json(S.ref("Audio2TextResponse"), "Transcribed (success false when nothing was heard)")), ("413", json(S.ref("ErrorDetail"), "Upload too large")), ("415", json(S.ref("ErrorDetail"), "Not an accepted audio format"))] + ai)]),
            ("/api/messages/{message_id}/feedback", ["get": operation("Message feedback", tag: "messages", parameters: [pathID("message_id")], responses: [("200", json(S.ref("FeedbackResponse"), "Feedback, or not ready yet")), notFound])]),
            ("/api/messages/{message_id}/speech", ["get": operation("Message speech", tag: "messages", parameters: [pathID("message_id")], responses: [("200", mp3), ("400", json(S.ref("ErrorDetail"), "Not an AI message")), notFound] + ai)]),
            ("/api/messages/demospeech", ["get": operation("Demo speech", tag: "messages", auth: false, parameters: [query("message", ["type": "string", "maxLength": 1000])], responses: [("200", mp3)] + ai)]),
            ("/api/messages/{message_id}/voice_context", ["get": voice]),
            ("/api/images/practice", ["get": operation("Practice pictures", tag: "images", auth: false, responses: [("200", json(S.array(S.ref("ImageEntry")), "The pictures with reference descriptions"))] + ai)]),
            ("/api/images/{image_id}", ["get": operation("Picture", tag: "images", auth: false, parameters: [["name": "image_id", "in": "path", "required": true, "schema": ["type": "string", "pattern": "^[0-9]{4}$"]]],
                responses: [("200", ["description": "The picture", "content": ["image/png": ["schema": ["type": "string", "contentMediaType": "image/png"]], "image/jpeg": ["schema": ["type": "string", "contentMediaType": "image/jpeg"]]]]), notFound])]),
            ("/api/images/feedback", ["post": operation("Picture feedback", tag: "images", auth: false, body: body("application/json", S.ref("ImageFeedbackRequest")),
                responses: [("200", json(S.ref("ImageFeedback"), "A better version and why")), notFound, ("422", json(S.ref("HTTPValidationError"), "Validation error"))] + ai)]),
            ("/messages/{message_id}/voice_context", ["get": operation("Voice context (client path)", tag: "messages", parameters: [pathID("message_id")], responses: [("200", json(S.ref("VoiceContext"), "The conversation's voice and latest AI line")), notFound])]),
        ] + learningPaths(notFound: notFound, ai: ai)
        return [
            "openapi": "3.1.0",
            "info": ["title": "Speak AI API", "version": "1.0.0", "description": "Role-play conversations for English practice: speak, get an in-character reply, get feedback."],
            "paths": .document(Document(paths.map { ($0.0, $0.1) })),
            "components": [
                "schemas": .document(S.all),
                "securitySchemes": ["OAuth2PasswordBearer": ["type": "oauth2", "flows": ["password": ["tokenUrl": "api/users/login", "scopes": ["user": "A learner", "admin": "An administrator"]]]]],
            ],
        ]
    }
}
