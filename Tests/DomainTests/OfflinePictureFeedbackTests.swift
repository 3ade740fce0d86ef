import Domain
import Testing

@Suite("Offline picture feedback")
struct OfflinePictureFeedbackTests {
    let reference = "A red bus drives along a grey street. A traffic light shows red. Three tall buildings stand behind the street."

    @Test("a mistake is corrected in the learner's own words and named; unmentioned things are suggested, least mentioned first")
    func correctsAndSuggests() {
        // Given a description with a known mistake that mentions only the bus
        let (better, explanation) = OfflinePictureFeedback().feedback(reference: reference, description: "There is a red bus on a grey street. It have big windows.")
        // Then the better version is theirs, corrected
        #expect(better == "There is a red bus on a grey street. It has big windows.")
        // And the explanation names the fix and the two sentences about what they left out, in the reference's order
        #expect(explanation.contains("\"It have\" → \"It has\""))
        #expect(explanation.hasSuffix("The picture also shows: A traffic light shows red. Three tall buildings stand behind the street."))
    }

    @Test("a complete, correct description is told so")
    func complete() {
        let (better, explanation) = OfflinePictureFeedback().feedback(
            reference: reference, description: "A red bus drives along a grey street. I see a traffic light; it is red. Tall buildings stand behind.")
        #expect(better == "A red bus drives along a grey street. I see a traffic light; it is red. Tall buildings stand behind.")
        #expect(explanation == "I found no grammar or word-choice mistakes in your description.\nYou mentioned everything the model description does.")
    }

    @Test("an empty description gets the reference to learn from")
    func empty() {
        let (better, explanation) = OfflinePictureFeedback().feedback(reference: reference, description: "  ")
        #expect(better == reference)
        #expect(explanation.contains("model description"))
    }
}
