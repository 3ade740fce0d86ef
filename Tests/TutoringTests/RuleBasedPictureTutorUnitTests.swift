import Domain
import Testing
import Tutoring

@Suite("Rule-based picture tutor (unit)")
struct RuleBasedPictureTutorUnitTests {
    let reference = "A red bus drives along a grey street. A traffic light shows red. Three tall buildings stand behind the street."

    @Test("a mistake is corrected in the learner's own words and named; unmentioned things are suggested, least mentioned first")
    func correctsAndSuggests() {
        // Given a description with a known mistake that mentions only the bus
        let answer = RuleBasedPictureTutor().feedback(reference: reference, description: "There is a red bus on a grey street. It have big windows.")
        // Then the better version is theirs, corrected
        #expect(answer.betterVersion == "There is a red bus on a grey street. It has big windows.")
        // And the explanation names the fix and the two sentences about what they left out, in the reference's order
        #expect(answer.explanation.contains("\"It have\" → \"It has\""))
        #expect(answer.explanation.hasSuffix("The picture also shows: A traffic light shows red. Three tall buildings stand behind the street."))
    }

    @Test("a complete, correct description is told so")
    func complete() {
        let answer = RuleBasedPictureTutor().feedback(
            reference: reference, description: "A red bus drives along a grey street. I see a traffic light; it is red. Tall buildings stand behind.")
        #expect(answer.betterVersion == "A red bus drives along a grey street. I see a traffic light; it is red. Tall buildings stand behind.")
        #expect(answer.explanation == "I found no grammar or word-choice mistakes in your description.\nYou mentioned everything the model description does.")
    }

    @Test("an empty description gets the reference to learn from")
    func empty() {
        let answer = RuleBasedPictureTutor().feedback(reference: reference, description: "  ")
        #expect(answer.betterVersion == reference)
        #expect(answer.explanation.contains("model description"))
    }
}
