import AI
import BSON
import Testing

@Suite("Reading a model's JSON answer (unit)")
struct JSONObjectExtractionUnitTests {
    @Test("the first whole object is found bare, fenced or among prose; braces inside strings do not confuse it; none gives nil")
    func extraction() {
        #expect(JSONObjectExtraction.object(in: #"{"a": 1}"#)?.first?.key == "a")
        #expect(JSONObjectExtraction.object(in: "Sure! ```json\n{\"better_version\": \"x\", \"explanation\": \"y\"}\n``` Hope it helps")?.map(\.key) == ["better_version", "explanation"])
        #expect(JSONObjectExtraction.object(in: #"{not json} then {"ok": "a } inside"}"#)?.first?.value == .string("a } inside"))
        #expect(JSONObjectExtraction.object(in: "no object here") == nil)
        #expect(JSONObjectExtraction.object(in: #"{"unclosed": "#) == nil)
    }
}
