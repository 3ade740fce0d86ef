import BSON

/// The component schemas of the OpenAPI document: every request and response body.
enum OpenAPISchemas {
    static func ref(_ name: String) -> BSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static let string: BSONValue = ["type": "string"]
    static let nullableString: BSONValue = ["type": ["string", "null"]]
    static let date: BSONValue = ["type": "string", "description": "naive UTC ISO-8601, six fraction digits, no zone", "examples": ["2025-04-22T03:29:44.652000"]]
    static let objectId: BSONValue = ["type": "string", "pattern": "^[0-9a-f]{24}$"]

    static func object(_ properties: [(String, BSONValue)], required: [String]? = nil) -> BSONValue {
        let names = required ?? properties.map(\.0)
        return ["type": "object", "properties": .document(Document(properties.map { ($0.0, $0.1) })), "required": .array(names.map { .string($0) })]
    }

    static func array(_ items: BSONValue) -> BSONValue { ["type": "array", "items": items] }

    static var all: Document {
        var all = core
        for (key, value) in learning { all.append(key, value) }
        return all
    }

    private static var core: Document {
        let userFields: [(String, BSONValue)] = [
            ("name", string), ("email", string), ("_id", objectId), ("avatar_url", nullableString), ("role", ["type": "string", "enum": ["user", "admin"]]),
            ("created_at", date), ("updated_at", date),
        ]
        let message = object([
            ("id", objectId), ("conversation_id", objectId), ("sender", ["type": "string", "enum": ["user", "ai"]]), ("content", string),
            ("timestamp", date), ("audio_path", nullableString), ("transcription", nullableString), ("feedback_id", nullableString),
        ])
        let conversationFields: [(String, BSONValue)] = [
            ("id", objectId), ("user_id", objectId), ("user_role", string), ("ai_role", string), ("situation", string), ("started_at", date),
            ("ended_at", ["type": ["string", "null"]]),
        ]
        return [
            "ErrorDetail": object([("detail", string)]),
            "ValidationIssue": object([("type", string), ("loc", array(string)), ("msg", string), ("input", nullableString)], required: ["type", "loc", "msg"]),
            "HTTPValidationError": object([("detail", array(ref("ValidationIssue")))]),
            "RegisterRequest": object([("name", ["type": "string", "minLength": 1, "maxLength": 50]), ("email", ["type": "string", "format": "email"]), ("password", ["type": "string", "minLength": 8, "maxLength": 128])]),
            "LoginForm": object([("username", string), ("password", string), ("grant_type", ["type": "string", "enum": ["password"]])], required: ["username", "password"]),
            "UserUpdate": object([("name", ["type": "string", "minLength": 1, "maxLength": 50]), ("avatar_url", string)], required: []),
            "User": object(userFields),
            "RegisterResponse": object(userFields + [("access_token", string), ("token_type", ["type": "string", "enum": ["bearer"]])]),
            "LoginResponse": object([("access_token", string), ("token_type", string), ("expires_in", ["type": "integer"]), ("scope", string)]),
            "ConversationCreate": object([("user_role", string), ("ai_role", string), ("situation", string)]),
            "Message": message,
            "Conversation": object(conversationFields),
            "ConversationWithMessages": object(conversationFields + [("messages", array(ref("Message")))]),
            "ConversationCreated": object([("conversation", ref("Conversation")), ("initial_message", ref("Message"))]),
            "ConversationPage": object([("conversations", array(ref("Conversation"))), ("total", ["type": "integer"]), ("page", ["type": "integer"]), ("limit", ["type": "integer"])]),
            "AudioUpload": object([("audio_file", ["type": "string", "contentMediaType": "application/octet-stream"])]),
            "Audio2TextResponse": object([("audio_id", ["type": ["string", "null"]]), ("transcription", string), ("success", ["type": "boolean"])]),
            "MessageExchange": object([("user_message", ref("Message")), ("ai_message", ref("Message"))]),
            "DetailedFeedback": object([
                ("grammar_issues", array(object([("issue", string), ("correction", string), ("explanation", string)]))),
                ("vocabulary_issues", array(object([("original", string), ("better_alternative", string), ("reason", string), ("example_usage", string)]))),
                ("positives", array(string)), ("fluency", array(string)),
            ]),
            "Feedback": object([("id", objectId), ("user_feedback", string), ("created_at", date), ("detailed_feedback", ref("DetailedFeedback"))], required: ["id", "user_feedback", "created_at"]),
            "FeedbackResponse": object([("user_feedback", ["oneOf": [ref("Feedback"), string]]), ("is_ready", ["type": "boolean"])]),
            "VoiceContext": object([
                ("voice_type", string),
                ("latest_ai_message", ["oneOf": [object([("id", objectId), ("content", string), ("timestamp", date)]), ["type": "null"]]]),
            ]),
            "Health": object([("status", string), ("storage", ["type": "object"]), ("ai", ["type": "object"]), ("jobs", ["type": "object"])]),
            "ImageEntry": object([("id", ["type": "string", "pattern": "^[0-9]{4}$"]), ("name", string), ("detail_description", string)]),
            "ImageFeedbackRequest": object([("user_id", string), ("image_id", string), ("user_transcription", string)]),
            "ImageFeedback": object([("better_version", string), ("explanation", string)]),
            "Welcome": object([("message", string), ("docs_url", string), ("openapi_url", string)]),
        ]
    }
}
