import AI
import Hummingbird
import Logging

/// Turns every error into FastAPI's response shapes: an HTTP error keeps its status and becomes
/// `{"detail": "<message>"}` (`"Not Found"` for unknown routes, as Starlette says it); anything
/// else is logged and answered 500 with the plain text `Internal Server Error`. Validation
/// failures are 422 with `{"detail": [{type, loc, msg, input?}]}`. An AI provider's failure is
/// not ours: 503 when none is configured, 504 on a timeout, 502 otherwise, saying which.
public struct FastAPIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let detail = error.body ?? error.status.reasonPhrase
            var response = try ErrorDetail(detail: detail).response(from: request, context: context)
            response.status = error.status
            for header in error.headers { response.headers.append(header) }
            return response
        } catch let error as RequestValidationError {
            var response = try ValidationErrorBody(detail: error.issues).response(from: request, context: context)
            response.status = .unprocessableContent
            return response
        } catch let error as AIProviderError {
            let status: HTTPResponse.Status
            switch error {
            case .notConfigured: status = .serviceUnavailable
            case .timedOut: status = .gatewayTimeout
            case .rejectedInput: status = .unprocessableContent
            default: status = .badGateway
            }
            context.logger.warning("AI provider failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            var response = try ErrorDetail(detail: error.clientDescription).response(from: request, context: context)
            response.status = status
            return response
        } catch let error as any HTTPResponseError {
            var response = try ErrorDetail(detail: error.status.reasonPhrase).response(from: request, context: context)
            response.status = error.status
            return response
        } catch {
            context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return Response(
                status: .internalServerError,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "Internal Server Error")))
        }
    }
}
