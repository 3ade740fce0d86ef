import Foundation
import Testing
@testable import Wire

@Suite("SCRAM-SHA-256")
struct ScramSHA256Tests {
    @Test("RFC 7677's example exchange: the stored keys accept the client's proof and give the server's signature")
    func rfc7677() throws {
        // Given the RFC's password, salt and iterations
        let salt = try #require(Data(base64Encoded: "W22ZaJ0SNY7soEsUEjb6gQ=="))
        let credentials = ScramSHA256.credentials(password: "pencil", iterations: 4096, salt: Array(salt))
        let clientFirstBare = "n=user,r=rOprNGfwEbeRWgbNEkqO"
        let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
        let withoutProof = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
        let proof = try #require(Data(base64Encoded: "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))
        // When the proof is checked
        let signature = ScramSHA256.verify(proof: Array(proof), authMessage: "\(clientFirstBare),\(serverFirst),\(withoutProof)", credentials: credentials)
        // Then it is accepted and the signature is the RFC's
        #expect(signature.map { Data($0).base64EncodedString() } == "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        // And a proof with one bit changed is refused
        var wrong = Array(proof)
        wrong[0] ^= 1
        #expect(ScramSHA256.verify(proof: wrong, authMessage: "\(clientFirstBare),\(serverFirst),\(withoutProof)", credentials: credentials) == nil)
    }

    @Test("messages and names are read as SCRAM writes them")
    func parsing() {
        #expect(ScramSHA256.attributes("n=user,r=abc,x=1=2")["x"] == "1=2")
        #expect(ScramSHA256.decodeName("a=2Cb=3Dc") == "a,b=c")
        #expect(ScramSHA256.decodeName("bad=41") == nil)
    }
}
