import BSON

extension OpenAPISchemas {
    /// Schemas of the feedback and mistakes routes.
    static var learning: Document {
        let nullableDate: BSONValue = ["type": ["string", "null"]]
        let nullableInt: BSONValue = ["type": ["integer", "null"]]
        let nullableNumber: BSONValue = ["type": ["number", "null"]]
        let integer: BSONValue = ["type": "integer"]
        let boolean: BSONValue = ["type": "boolean"]
        let kind: BSONValue = ["type": "string", "enum": ["GRAMMAR", "VOCABULARY"]]
        let status: BSONValue = ["type": "string", "enum": ["NEW", "LEARNING", "MASTERED"]]
        let mistakeFields: [(String, BSONValue)] = [
            ("id", objectId), ("user_id", objectId), ("type", kind), ("original_text", string), ("correction", string), ("explanation", string),
            ("example_usage", nullableString), ("severity", nullableInt), ("context", string), ("situation_context", ["type": ["object", "string", "null"]]),
            ("created_at", date), ("last_occurred", date), ("frequency", integer), ("last_practiced", nullableDate), ("practice_count", integer),
            ("success_count", integer), ("next_practice_date", date), ("in_drill_queue", boolean), ("is_learned", boolean),
            ("mastery_level", ["type": "number"]), ("status", status), ("last_answer", nullableString), ("ease_factor", nullableNumber),
            ("successful_practices", nullableInt), ("failed_practices", nullableInt), ("last_review_date", nullableDate), ("updated_at", nullableDate),
            ("practice_prompt", string), ("feedback", string),
        ]
        return [
            "Mistake": object(mistakeFields, required: mistakeFields.map(\.0).filter { $0 != "practice_prompt" && $0 != "feedback" }),
            "MistakeCreate": object([
                ("type", ["type": "string", "enum": ["grammar", "vocabulary", "GRAMMAR", "VOCABULARY"]]), ("original_text", string), ("correction", string),
                ("explanation", string), ("context", string), ("example_usage", string), ("severity", ["type": "integer", "minimum": 1, "maximum": 5, "default": 3]),
            ], required: ["type", "original_text", "correction"]),
            "MistakePatch": object([("severity", ["type": "integer", "minimum": 1, "maximum": 5]), ("status", status), ("in_drill_queue", boolean)], required: []),
            "PracticeResult": object([
                ("mistake_id", objectId), ("performance_score", ["type": "number", "minimum": 0, "maximum": 1]), ("was_successful", boolean), ("user_text", string),
            ], required: ["mistake_id"]),
            "PracticeAttempt": object([("was_successful", boolean), ("user_answer", string)]),
            "DrillSession": object([("mistakes", array(ref("Mistake"))), ("session_id", string), ("created_at", date), ("expires_at", date)]),
            "MistakeStatistics": object([
                ("total_count", integer), ("mastered_count", integer), ("learning_count", integer), ("new_count", integer),
                ("type_distribution", object([("GRAMMAR", integer), ("VOCABULARY", integer)])), ("due_for_practice", integer), ("mastery_percentage", ["type": "number"]),
            ]),
            "PracticeSession": object([
                ("id", objectId), ("user_id", objectId), ("started_at", date), ("completed_at", nullableDate), ("mistakes_practiced", array(objectId)),
                ("created_at", date), ("mistake_ids", array(objectId)),
            ]),
            "FeedbackGenerate": object([("text", string), ("reference_text", nullableString), ("audio_path", nullableString)], required: ["text"]),
            "FeedbackItem": object([
                ("id", objectId), ("target_id", objectId), ("target_type", string), ("user_feedback", string),
                ("detailed_feedback", object([
                    ("grammar_issues", array(object([("issue", string), ("correction", string), ("explanation", string), ("severity", integer)]))),
                    ("vocabulary_issues", array(object([("original", string), ("better_alternative", string), ("reason", string), ("example_usage", string)]))),
                ])),
                ("transcription", string), ("timestamp", date),
            ]),
        ]
    }
}
