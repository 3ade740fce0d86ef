import ArgumentParser
import BSON
import SpeakAPI

/// `speakai openapi`: prints the OpenAPI 3.1 document of the HTTP API (as `/openapi.json`).
struct OpenAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "openapi", abstract: "Print the OpenAPI 3.1 document of the HTTP API.")

    func run() throws {
        print(OpenAPIDocument.document.extendedJSON(.relaxed))
    }
}
