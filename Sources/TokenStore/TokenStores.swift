import TokenKit

/// Opens the store a location names: a PostgreSQL URI, else an SQLite file path.
public enum TokenStores {
    public static func open(location: String, mode: StoreOpenMode, busyTimeoutMilliseconds: Int = 5000) throws(StoreError)
        -> any TokenStore
    {
        if PostgresTokenStore.isURI(location) {
            return try PostgresTokenStore.open(uri: location, mode: mode, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
        }
        return try SQLiteTokenStore.open(path: location, mode: mode, busyTimeoutMilliseconds: busyTimeoutMilliseconds)
    }
}
