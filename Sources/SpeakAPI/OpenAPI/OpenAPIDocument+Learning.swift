import BSON

extension OpenAPIDocument {
    /// The `/api/feedback/*` and `/api/mistakes/*` routes.
    static func learningPaths(notFound: (String, BSONValue), ai: [(String, BSONValue)]) -> [(String, BSONValue)] {
        let mistake = S.ref("Mistake")
        let mistakeID = pathID("mistake_id")
        let int: (Int, Int, Int) -> BSONValue = { low, high, value in ["type": "integer", "minimum": .int64(Int64(low)), "maximum": .int64(Int64(high)), "default": .int64(Int64(value))] }
        let flag: BSONValue = ["type": "boolean"]
        return [
            ("/api/audio/stream", ["get": operation("Live transcription (WebSocket)", tag: "audio",
                parameters: [query("token", S.string)],
                responses: [("101", ["description": "Switching to WebSocket. Send 16 kHz mono s16le PCM as binary frames, then {\"type\":\"stop\"}; receive JSON text frames of type ready, partial, final (with audio_id, words, duration_seconds) or error."])])]),
            ("/api/feedback/generate", ["post": operation("Generate feedback", tag: "feedback",
                parameters: [query("target_id", S.objectId, required: true), query("target_type", ["type": "string", "enum": ["message"], "default": "message"])],
                body: body("application/json", S.ref("FeedbackGenerate")), responses: [("200", json(S.ref("FeedbackItem"), "Feedback written, linked and its mistakes recorded")), notFound] + ai)]),
            ("/api/feedback/history", ["get": operation("Feedback history", tag: "feedback",
                parameters: [query("limit", int(1, 100, 20)), query("skip", int(0, 1_000_000, 0)), query("target_type", S.string)],
                responses: [("200", json(S.array(S.ref("FeedbackItem")), "The learner's feedback, newest first"))])]),
            ("/api/feedback/for/{target_type}/{target_id}", ["get": operation("Feedback for a target", tag: "feedback",
                parameters: [["name": "target_type", "in": "path", "required": true, "schema": ["type": "string", "enum": ["message"]]], pathID("target_id")],
                responses: [("200", json(S.ref("FeedbackItem"), "The target's feedback")), notFound])]),
            ("/api/feedback/{feedback_id}", ["get": operation("Read feedback", tag: "feedback", parameters: [pathID("feedback_id")], responses: [("200", json(S.ref("FeedbackItem"), "The feedback")), notFound])]),
            ("/api/mistakes/create", ["post": operation("Create mistake", tag: "mistakes", body: body("application/json", S.ref("MistakeCreate")), responses: [("201", json(mistake, "Created"))])]),
            ("/api/mistakes/list", ["get": operation("List mistakes", tag: "mistakes",
                parameters: [query("type", ["type": "string", "enum": ["grammar", "vocabulary", "GRAMMAR", "VOCABULARY"]]), query("in_drill_queue", flag), query("is_learned", flag), query("limit", int(1, 100, 50)), query("skip", int(0, 1_000_000, 0))],
                responses: [("200", json(S.array(mistake), "Newest first"))])]),
            ("/api/mistakes/drill-session", ["get": operation("Drill session", tag: "mistakes", parameters: [query("session_size", int(1, 20, 5))],
                responses: [("200", json(S.ref("DrillSession"), "Due mistakes first, by priority (SM-2 variant)"))])]),
            ("/api/mistakes/practice-result", ["post": operation("Drill result", tag: "mistakes", body: body("application/json", S.ref("PracticeResult")),
                responses: [("200", json(mistake, "Rescheduled")), notFound])]),
            ("/api/mistakes/practice", ["get": operation("Practice items", tag: "mistakes", parameters: [query("limit", int(1, 20, 5))],
                responses: [("200", json(S.array(mistake), "Due mistakes with a practice_prompt"))])]),
            ("/api/mistakes/practice/{mistake_id}", ["post": operation("Practise mistake", tag: "mistakes", parameters: [mistakeID], body: body("application/json", S.ref("PracticeAttempt")),
                responses: [("200", json(mistake, "Updated, with a feedback sentence")), notFound])]),
            ("/api/mistakes/statistics", ["get": operation("Mistake statistics", tag: "mistakes", responses: [("200", json(S.ref("MistakeStatistics"), "Progress"))])]),
            ("/api/mistakes/sessions", ["post": operation("Start practice session", tag: "mistakes", body: body("application/json", S.object([("mistake_ids", S.array(S.objectId))])),
                responses: [("200", json(S.ref("PracticeSession"), "Started")), notFound])]),
            ("/api/mistakes", ["get": operation("Open mistakes", tag: "mistakes", responses: [("200", json(S.array(mistake), "Not mastered, by next practice date"))])]),
            ("/api/mistakes/{mistake_id}", [
                "get": operation("Read mistake", tag: "mistakes", parameters: [mistakeID], responses: [("200", json(mistake, "The mistake")), notFound]),
                "patch": operation("Update mistake", tag: "mistakes", parameters: [mistakeID], body: body("application/json", S.ref("MistakePatch")), responses: [("200", json(mistake, "Updated")), notFound]),
                "delete": operation("Delete mistake", tag: "mistakes", parameters: [mistakeID], responses: [("204", ["description": "Deleted"]), notFound]),
            ]),
        ]
    }
}
