/// Reads an identity document or legacy signature file (`-` for standard
/// input), as a check and test cases name them: one file, never a
/// directory walk, never a device, at most the identity input limit.
public enum IdentityFile {
    public static func read(_ path: String) throws(IdentityInputError) -> [UInt8] {
        let inputs = InputFiles(maxBytes: InputLimits.standard.maxIdentityInputBytes, allowsDevices: false)
        let file = path == "-" ? inputs.collect([path]).first : inputs.read(path)
        let shown = path == "-" ? InputFile.stdinName : RawPath.display(path)
        switch file?.content {
        case .bytes(let bytes)?: return bytes
        case .unreadable(let reason)?: throw IdentityInputError("cannot read \(shown): \(reason)")
        case .tooLarge(let size)?: throw IdentityInputError("\(shown) " + InputLimits.standard.identityInputTooLarge(size: size))
        case nil: throw IdentityInputError("cannot read \(shown)")
        }
    }
}
