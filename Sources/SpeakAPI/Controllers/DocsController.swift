import BSON
import Foundation
import Hummingbird

/// `GET /openapi.json` (the OpenAPI 3.1 document) and `GET /docs`: Swagger UI over it, from the
/// files `scripts/setup` installs (no CDN: the page works on a machine without internet). Without
/// those files `/docs` is a plain page listing the routes.
struct DocsController: Sendable {
    /// The folder holding `swagger-ui-bundle.js` and `swagger-ui.css`.
    let swaggerUI: URL?

    static let page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Speak AI API - Swagger UI</title>
        <link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
        <link rel="stylesheet" href="/docs/swagger-ui.css">
        </head>
        <body>
        <div id="swagger-ui"></div>
        <script src="/docs/swagger-ui-bundle.js"></script>
        <script>
        window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true, persistAuthorization: true });
        </script>
        </body>
        </html>
        """

    func addRoutes(to router: Router<SpeakRequestContext>) {
        let json = OpenAPIDocument.document.extendedJSONBytes(.relaxed)
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: json)))
        }
        let assets: [(name: String, type: String)] = [
            ("swagger-ui-bundle.js", "application/javascript; charset=utf-8"), ("swagger-ui.css", "text/css; charset=utf-8"), ("favicon-32x32.png", "image/png"),
        ]
        let loaded = assets.compactMap { asset in
            swaggerUI.flatMap { try? Data(contentsOf: $0.appendingPathComponent(asset.name)) }.map { (asset.name, asset.type, ByteBuffer(bytes: $0)) }
        }
        guard loaded.count == assets.count else {
            let page = Self.plainPage()
            router.get("docs") { _, _ in Self.html(page) }
            return
        }
        router.get("docs") { _, _ in Self.html(Self.page) }
        for (name, type, bytes) in loaded {
            router.get(RouterPath("docs/\(name)")) { _, _ in
                Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=86400"], body: .init(byteBuffer: bytes))
            }
        }
    }

    private static func html(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The routes as a list, from the OpenAPI document (when Swagger UI's files are missing).
    static func plainPage() -> String {
        var rows: [String] = []
        for (path, item) in OpenAPIDocument.document["paths"]?.documentValue ?? [:] {
            for (method, operation) in item.documentValue ?? [:] {
                let summary = operation.documentValue?["summary"]?.stringValue ?? ""
                rows.append("<li><code>\(method.uppercased()) \(escaped(path))</code> \(escaped(summary))</li>")
            }
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Speak AI API</title></head>
            <body><h1>Speak AI API</h1>
            <p>The API is described by <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Swagger UI's files are not installed
            here: <code>scripts/setup</code> puts them in <code>.venv/swagger-ui</code>.</p>
            <ul>\(rows.joined(separator: "\n"))</ul></body></html>
            """
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
