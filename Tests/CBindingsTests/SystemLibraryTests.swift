import CLibBSON
import CLibMongoC
import Testing

@Suite("C bindings")
struct SystemLibraryTests {
    @Test("libbson and libmongoc link from the system packages, at 1.23 or later")
    func versions() {
        // When the libraries are asked for their versions
        let bson = (Int(bson_get_major_version()), Int(bson_get_minor_version()))
        let mongoc = (Int(mongoc_get_major_version()), Int(mongoc_get_minor_version()))
        // Then both are the 1.x line this project was built against
        #expect(bson.0 == 1 && bson.1 >= 23)
        #expect(mongoc.0 == 1 && mongoc.1 >= 23)
    }

    @Test("libmongoc parses a connection string and rejects a bad one")
    func uri() {
        var error = bson_error_t()
        let uri = mongoc_uri_new_with_error("mongodb://127.0.0.1:27017/speak_ai_db?replicaSet=rs0", &error)
        #expect(uri != nil)
        if let uri {
            #expect(String(cString: mongoc_uri_get_database(uri)) == "speak_ai_db")
            mongoc_uri_destroy(uri)
        }
        #expect(mongoc_uri_new_with_error("not a uri", &error) == nil)
    }
}
