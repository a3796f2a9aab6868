public enum TokenKitVersion {
    public static let current = "0.1.0"
}
