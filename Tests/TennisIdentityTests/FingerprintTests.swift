import TennisIdentity
import TennisProtocol
import Testing

@Suite struct FingerprintTests {
    /// `ssh-keygen -t ed25519` made a key; `ssh-keygen -lf` printed its fingerprint.
    @Test func anEd25519KeysFingerprintIsTheOneSshKeygenPrints() {
        let sshPublic = "AAAAC3NzaC1lZDI1NTE5AAAAINgpMtk5m5DOPNJajuM1x9Y5dFsAQyqVZZfL4ZW0xGKU"
        let blob = Base64.decode(sshPublic) ?? []
        #expect(blob.count == 51)
        #expect(Fingerprint.of(sshKeyBlob: blob) == "SHA256:Go5l/r+Mf0PscTExvaCFHIzcDQe22zenEmpqWMJgP8w")
        #expect(Fingerprint.ed25519(publicKey: Array(blob.suffix(32)))
                == "SHA256:Go5l/r+Mf0PscTExvaCFHIzcDQe22zenEmpqWMJgP8w")
        #expect(HelloIdentity.isFingerprint("SHA256:Go5l/r+Mf0PscTExvaCFHIzcDQe22zenEmpqWMJgP8w"))
    }

    @Test func fingerprintsOfOtherShapesAreNotAccepted() {
        #expect(!HelloIdentity.isFingerprint("SHA256:Go5l/r+Mf0PscTExvaCFHIzcDQe22zenEmpqWMJgP8"))
        #expect(!HelloIdentity.isFingerprint("SHA256:Go5l/r+Mf0PscTExvaCFHIzcDQe22zenEmpqWMJgP8w="))
        #expect(!HelloIdentity.isFingerprint("MD5:Go5l/r+Mf0PscTExvaCFHIzcDQe22zenEmpqWMJgP8wxxx"))
        #expect(!HelloIdentity.isFingerprint("SHA256:Go5l/r+Mf0PscTExvaCFHIzcDQe22zenEmpqWMJgP8\u{1b}"))
    }

    @Test func base64RoundTripsAndRefusesWhatItDidNotMake() {
        for count in 0..<70 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("fo".utf8), padded: false) == "Zm8")
        #expect(Base64.decode("Zm8") == nil, "unpadded")
        #expect(Base64.decode("Zm9=") == nil, "bits past the last byte")
        #expect(Base64.decode("Zm=8") == nil, "padding inside")
        #expect(Base64.decode("Zm8=Zm8=") == nil, "padding before the end")
        #expect(Base64.decode("Zm8*") == nil)
    }
}
