import BSON
import DocumentStore
@testable import EmbeddedStore
import Foundation
import Testing
import TestSupport

/// What the children said over all cycles, and the rules the file must obey after each kill.
private struct Ledger {
    var acknowledgedInserts = Set<String>()
    var acknowledgedDeletes = Set<String>()
    var acknowledgedGroups = Set<String>()
    var begun = Set<String>()
    /// Highest acknowledged value of each counter, and highest value any increment began for:
    /// a counter only grows, so after a kill it lies between the two.
    var counters: [String: Int64] = [:]
    var counterBegun: [String: Int64] = [:]
    /// Deletes that began; one may have taken effect without being acknowledged.
    var deletesBegun = Set<String>()

    /// What one child's writes touched: the `_id`s (group members included) and the group tags.
    struct Touched: Equatable {
        var ids = Set<String>()
        var groups = Set<String>()
    }

    /// Takes in what a child said; returns what its writes touched.
    @discardableResult
    mutating func read(_ lines: [String]) -> Touched {
        var touched = Touched()
        for line in lines {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count >= 3 else { continue }
            switch (parts[0], parts[1]) {
            case ("B", "I"): begun.insert(parts[2])
            case ("A", "I"): acknowledgedInserts.insert(parts[2])
            case ("B", "D"): deletesBegun.insert(parts[2])
            case ("A", "D"): acknowledgedDeletes.insert(parts[2])
            case ("B", "G"): begun.insert("group:" + parts[2])
            case ("A", "G"): acknowledgedGroups.insert(parts[2])
            case ("B", "C"): counterBegun["c-" + parts[2]] = max(counterBegun["c-" + parts[2]] ?? 0, Int64(parts[3]) ?? 0)
            case ("A", "C"): counters["c-" + parts[2]] = max(counters["c-" + parts[2]] ?? 0, Int64(parts[3]) ?? 0)
            default: continue
            }
            switch parts[1] {
            case "G":
                touched.groups.insert(parts[2])
                touched.ids.formUnion((0..<5).map { "g-\(parts[2])-\($0)" })
            case "C": touched.ids.insert("c-" + parts[2])
            default: touched.ids.insert(parts[2])
            }
        }
        return touched
    }

    /// Every rule the reopened store must satisfy; returns the broken ones. With `scope`,
    /// `documents` are the stored ones among its `_id`s and only the rules about them apply;
    /// without it, `documents` are the whole collection and every rule applies.
    func violations(_ documents: [Document], scope: Touched? = nil) -> [String] {
        var problems: [String] = []
        var present = Set<String>()
        var groups: [String: Int] = [:]
        for document in documents {
            guard case .string(let id)? = document["_id"] else { problems.append("odd _id \(document)"); continue }
            present.insert(id)
            if let group = document["group"]?.stringValue {
                groups[group, default: 0] += 1
                if !begun.contains("group:" + group) { problems.append("phantom group \(group)") }
            } else if id.hasPrefix("c-") {
                let n = document["n"]?.exactInt64 ?? -1
                let acked = counters[id] ?? 0
                if n < acked || n > (counterBegun[id] ?? 0) { problems.append("counter \(id) is \(n), acknowledged \(acked)") }
            } else if !begun.contains(id) {
                problems.append("phantom document \(id)")
            }
        }
        // What each rule looks at: what the ledger knows, narrowed to the scope when there is one.
        func checked(_ known: Set<String>, in scoped: Set<String>?) -> Set<String> { scoped?.intersection(known) ?? known }
        for id in checked(Set(counters.keys), in: scope?.ids) where !present.contains(id) && (counters[id] ?? 0) > 0 {
            problems.append("lost counter \(id)")
        }
        for id in checked(acknowledgedInserts, in: scope?.ids) where !present.contains(id) && !deletesBegun.contains(id) {
            problems.append("lost acknowledged insert \(id)")
        }
        for id in checked(acknowledgedDeletes, in: scope?.ids) where present.contains(id) { problems.append("acknowledged delete undone \(id)") }
        for (group, count) in groups where count != 5 { problems.append("half-applied group \(group): \(count) of 5") }
        for group in checked(acknowledgedGroups, in: scope?.groups) where groups[group] != 5 { problems.append("lost acknowledged group \(group)") }
        return problems
    }
}

@Suite("Embedded store: crashes", .serialized)
struct CrashTests {
    /// Kill cycles: 200 by default, `SPEAKAI_TORTURE_CYCLES` for long runs (`scripts/test --long`).
    static let cycles = Int(ProcessInfo.processInfo.environment["SPEAKAI_TORTURE_CYCLES"] ?? "") ?? 200
    /// Every this many kills, and after the last, the whole collection is read back and checked.
    static let wholeFileEvery = 20

    @Test("SIGKILL at random moments never loses an acknowledged write nor half-applies a group")
    func randomKills() async throws {
        try await withDataFile { path in
            var ledger = Ledger()
            var acknowledged = 0
            var cycles = 0
            var wholeChecks = 0
            for cycle in 0..<Self.cycles {
                cycles += 1
                // Given a child writing with 4 concurrent writers
                let delay = Duration.milliseconds(Int.random(in: 20...150))
                // When it is killed at a random moment
                let (lines, _) = try await runTortureChild(["workload", path, "4"], killAfter: delay)
                let touched = ledger.read(lines)
                acknowledged += lines.filter { $0.hasPrefix("A ") }.count
                // Then the reopened file holds every acknowledged write and no partial group: the
                // documents this cycle touched after every kill, the whole file every so often
                // (reading it all after each kill would make a long run quadratic).
                let whole = (cycle + 1) % Self.wholeFileEvery == 0 || cycle == Self.cycles - 1
                let problems = try await withOpenStore(path) { store throws in
                    let items = store.collection("items")
                    if whole { return ledger.violations(try await items.find()) }
                    let found = try await items.find(["_id": ["$in": .array(touched.ids.map { .string($0) })]])
                    return ledger.violations(found, scope: touched)
                }
                if whole { wholeChecks += 1 }
                #expect(problems.isEmpty, "cycle \(cycle): \(problems.prefix(5))")
                if !problems.isEmpty { break }
            }
            print("crash: \(cycles) SIGKILLs, \(acknowledged) acknowledged writes checked, \(ledger.acknowledgedGroups.count) atomic groups, whole file read \(wholeChecks) times")
            #expect(wholeChecks >= 1)
            #expect(acknowledged > Self.cycles)
        }
    }

    @Test("the check of a cycle's documents finds each kind of loss among them")
    func scopedCheckFindsLosses() {
        // Given a ledger of a child that inserted, deleted, wrote a group and counted
        var ledger = Ledger()
        let touched = ledger.read([
            "B I a", "A I a", "B I b", "A I b", "B D b", "A D b",
            "B G t", "A G t", "B C 0 3", "A C 0 3", "B I cut",
        ])
        let group: [Document] = (0..<5).map { ["_id": .string("g-t-\($0)"), "group": "t"] }
        let whole: [Document] = [["_id": "a"], ["_id": "c-0", "n": 3]] + group
        // Then the documents it should hold pass, both scoped and whole
        #expect(touched.ids == Set(["a", "b", "cut", "c-0"]).union(group.compactMap { $0["_id"]?.stringValue }))
        #expect(touched.groups == ["t"])
        #expect(ledger.violations(whole, scope: touched).isEmpty)
        #expect(ledger.violations(whole).isEmpty)
        // and each loss is named when only the cycle's documents are read
        let cases: [(String, [Document])] = [
            ("lost acknowledged insert a", whole.filter { $0["_id"] != "a" }),
            ("acknowledged delete undone b", whole + [["_id": "b"]]),
            ("half-applied group t: 4 of 5", whole.filter { $0["_id"] != "g-t-4" }),
            ("lost acknowledged group t", whole.filter { $0["group"] == nil }),
            ("counter c-0 is 2, acknowledged 3", whole.map { $0["_id"] == "c-0" ? ["_id": "c-0", "n": 2] : $0 }),
            ("lost counter c-0", whole.filter { $0["_id"] != "c-0" }),
        ]
        for (problem, documents) in cases {
            #expect(ledger.violations(documents, scope: touched).contains(problem), "\(problem)")
        }
        // and a write outside the cycle's scope is left to the whole-file check
        var later = ledger
        later.read(["B I z", "A I z"])
        #expect(later.violations(whole, scope: touched).isEmpty)
        #expect(later.violations(whole).contains("lost acknowledged insert z"))
    }

    @Test("a kill at each step of compaction leaves one valid file with all the data", arguments: CopyStep.allCases)
    func killDuringCompaction(step: CopyStep) async throws {
        try await withDataFile { path in
            // Given a store with live and deleted documents and an index
            let expected: [Document] = try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                try await items.createIndex(IndexModel(keys: ["k": 1], unique: true))
                try await items.insertMany((0..<200).map { ["_id": .int32(Int32($0)), "k": .int32(Int32($0)), "text": .string(String(repeating: "t", count: $0))] })
                try await items.deleteMany(["_id": ["$lt": 150]])
                try await store.collection("empty").createIndex(IndexModel(keys: ["x": 1]))
                try await store.collection("made").createIndex(IndexModel(keys: ["n": 1]))
                try await store.collection("made").insertMany((0..<100).map { ["n": .int32(Int32($0))] })
                return try await items.find()
            }
            // (and ObjectId documents in rows given in sequence, which compaction moves first)
            let made = try await withOpenStore(path) { store throws in try await store.collection("made").find() }
            try moveIntoSequentialRows(collection: "made", in: path)
            // When a compaction is killed at this step
            let (lines, status) = try await runTortureChild(["compact", path, "\(step)"], killAfter: nil)
            #expect(!lines.contains("compacted"), "the child should have died at \(step) (status \(status))")
            // Then the file opens with all the data and indexes
            try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                #expect(try await items.find() == expected)
                #expect(try await items.listIndexes().map(\.name) == ["_id_", "k_1"])
                #expect(try await store.listCollections() == ["empty", "items", "made"])
                #expect(await storeError { try await items.insertOne(["k": 199]) }?.code == 11000)
                for document in made {
                    #expect(try await store.collection("made").findOne(["_id": document["_id"] ?? .null]) == document)
                }
                #expect(try await store.collection("made").find(["n": ["$gte": 50]], options: FindOptions(sort: ["n": 1])) == Array(made.suffix(50)))
            }
            #expect(verifiesHealthy(path))
            #expect(!FileManager.default.fileExists(atPath: path + ".compact"))
        }
    }

    @Test("a kill at each step of a backup leaves the source whole and the copy absent or whole", arguments: CopyStep.allCases)
    func killDuringBackup(step: CopyStep) async throws {
        try await withDataFile { path in
            let destination = path + ".backup"
            let expected = (0..<300).map { i -> Document in ["_id": .int32(Int32(i)), "k": .int32(Int32(i))] }
            try await withOpenStore(path) { store throws in
                try await store.collection("items").createIndex(IndexModel(keys: ["k": 1], unique: true))
                try await store.collection("items").insertMany(expected)
            }
            // When a backup is killed at this step
            let (lines, status) = try await runTortureChild(["backup", path, destination, "\(step)"], killAfter: nil)
            #expect(!lines.contains("backed up"), "the child should have died at \(step) (status \(status))")
            // Then the source is whole, and the copy is either not there or whole
            try await withOpenStore(path) { store throws in #expect(try await store.collection("items").find() == expected) }
            if FileManager.default.fileExists(atPath: destination) {
                try await withOpenStore(destination) { store throws in
                    #expect(try await store.collection("items").find() == expected)
                    #expect(try await store.collection("items").listIndexes().map(\.name) == ["_id_", "k_1"])
                }
                #expect(verifiesHealthy(destination))
            } else {
                #expect(step == .snapshotWritten || step == .snapshotSynced)
            }
        }
    }

    @Test("a backup taken while writers keep writing is one consistent snapshot")
    func onlineBackup() async throws {
        try await withDataFile { path in
            let destination = path + ".backup"
            try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                try await items.insertMany((0..<2000).map { ["_id": .int32(Int32($0)), "group": .int32(Int32($0 / 100))] })
                // Given writers inserting groups of 5 atomically while the backup runs
                let writing = Task {
                    var groups = 0
                    while !Task.isCancelled {
                        try await items.insertMany((0..<5).map { ["g": .int32(Int32(groups)), "k": .int32(Int32($0))] })
                        groups += 1
                    }
                    return groups
                }
                try await Task.sleep(for: .milliseconds(50))
                let report = try DataFileMaintenance.backup(path: path, to: destination)
                writing.cancel()
                let groups = (try? await writing.value) ?? 0
                #expect(report.bytesAfter > 0)
                print("online backup: taken while \(groups) atomic groups were written")
            }
            // Then the copy holds the first 2,000 and only whole groups
            try await withOpenStore(destination) { store throws in
                let items = store.collection("items")
                #expect(try await items.countDocuments(["group": ["$exists": true]]) == 2000)
                let grouped = try await items.find(["g": ["$exists": true]])
                let sizes = Dictionary(grouping: grouped) { $0["g"]?.exactInt64 ?? -1 }.mapValues(\.count)
                #expect(sizes.values.allSatisfy { $0 == 5 }, "\(sizes)")
            }
            #expect(verifiesHealthy(destination))
        }
    }

    @Test("compaction shrinks the file and keeps everything")
    func compaction() async throws {
        try await withDataFile { path in
            try await withOpenStore(path) { store throws in
                let items = store.collection("items")
                try await items.createIndex(IndexModel(keys: ["k": 1]))
                try await items.insertMany((0..<300).map { ["_id": .int32(Int32($0)), "v": 0, "k": .int32(Int32($0 % 7)), "pad": .string(String(repeating: "x", count: 500))] })
                for _ in 0..<3 { try await items.updateMany([:], ["$inc": ["v": 1]]) }
                // (Gaps in the row ids too: compaction must keep them, index entries point at them.)
                try await items.deleteMany(["$or": [["_id": ["$gte": 100]], ["_id": ["$in": .array(stride(from: 0, to: 100, by: 10).map { .int32(Int32($0)) })]]]])
            }
            // When the closed file is compacted
            var reported: [(Int, Int)] = []
            let report = try DataFileMaintenance.compact(path: path, progressEvery: 10, progress: { reported.append(($0, $1)) }, onStep: { _ in })
            // Then it is smaller and holds everything
            #expect(report.bytesAfter < report.bytesBefore)
            // and progress was told as it went: never backwards, ending at the size of the copy
            #expect(reported.count >= 2)
            #expect(zip(reported, reported.dropFirst()).allSatisfy { $0.0 <= $1.0 })
            #expect(reported.last.map { $0.0 == $0.1 && $0.1 == report.bytesAfter } == true)
            try await withOpenStore(path) { store throws in
                #expect(try await store.collection("items").countDocuments() == 90)
                #expect(try await store.collection("items").findOne(["_id": 5])?["v"] == 3)
                let sevens = try await store.collection("items").find(["k": 3]).compactMap { $0["_id"]?.exactInt64 }
                #expect(sevens == (0..<100).filter { $0 % 7 == 3 && $0 % 10 != 0 }.map(Int64.init))
                try await store.collection("items").insertOne(["_id": 1000, "v": 9])
            }
            #expect(verifiesHealthy(path))
        }
    }
}
