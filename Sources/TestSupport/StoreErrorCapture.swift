import DocumentStore

/// The `StoreError` a call throws, or `nil` when it throws nothing (or another error): for
/// tests that check MongoDB's codes and messages.
public func storeError(_ call: () async throws -> Void) async -> StoreError? {
    do {
        try await call()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        return nil
    }
}
