/// The keys of a node's `teleport.yaml` that tokenctl knows, section by
/// section. Teleport reads the file with `yaml.UnmarshalStrict`, so a key
/// its structs lack stops the process at start (`failed parsing the config
/// file`). Compiled from `lib/config/fileconf.go` (v10, `@004bb777`) and the
/// newest configuration reference (`docs/pages/includes/config-reference/`).
struct ConfigKeys: Sendable {
    /// Known keys; a key with nested keys tokenctl also checks maps to them,
    /// any other value is not looked into.
    let keys: [String: ConfigKeys]
    /// Whether the list is complete for every Teleport version tokenctl
    /// knows (an unknown key is then certainly refused), or may miss a newer
    /// key (an unknown key is certain only when it is a misspelling of a
    /// known one).
    let complete: Bool

    private init(_ names: [String], complete: Bool, nested: [String: ConfigKeys] = [:]) {
        var keys: [String: ConfigKeys] = [:]
        for name in names { keys[name] = ConfigKeys.opaque }
        keys.merge(nested) { _, new in new }
        self.keys = keys
        self.complete = complete
    }

    /// A value tokenctl does not look into.
    static let opaque = ConfigKeys([], complete: false)

    var isOpaque: Bool { keys.isEmpty }

    var names: [String] { keys.keys.sorted() }

    static let joinParams = ConfigKeys(
        ["token_name", "method", "token_secret"], complete: false,
        nested: ["azure": ConfigKeys(["client_id"], complete: true)])

    static let global = ConfigKeys(
        [
            "nodename", "data_dir", "pid_file", "auth_token", "auth_servers", "auth_server", "proxy_server",
            "relay_server", "connection_limits", "storage", "advertise_ip", "cache", "seed_config", "ciphersuites",
            "ciphers", "kex_algos", "mac_algos", "ca_signature_algo", "ca_pin", "diag_addr", "shutdown_delay",
            "auth_connection_config", "bound_keypair",
        ],
        complete: false,
        nested: [
            "join_params": joinParams,
            "log": ConfigKeys(["output", "severity", "format"], complete: true),
        ])

    /// Every service section starts with these (`Service` is inlined).
    private static let serviceBase = ["enabled", "listen_addr"]

    static let sections: [String: ConfigKeys] = [
        "teleport": global,
        "ssh_service": ConfigKeys(
            serviceBase + [
                "namespace", "labels", "commands", "permit_user_env", "pam", "public_addr", "enhanced_recording",
                "restricted_session", "port_forwarding", "x11", "ssh_file_copy", "disable_create_host_user", "aws",
                "force_listen",
            ], complete: false),
        "auth_service": ConfigKeys(
            serviceBase + [
                "proxy_protocol", "cluster_name", "tokens", "authentication", "session_recording",
                "proxy_checks_host_keys", "license_file", "reverse_tunnels", "public_addr", "client_idle_timeout",
                "disconnect_expired_cert", "session_control_timeout", "kubeconfig_file", "keep_alive_interval",
                "keep_alive_count_max", "client_idle_timeout_message", "message_of_the_day", "web_idle_timeout",
                "ca_key_params", "proxy_listener_mode", "routing_strategy", "tunnel_strategy", "ssh_dial_timeout",
                "load_all_cas", "case_insensitive_routing", "access_monitoring", "trusted_clusters", "oidc_connectors",
                "hosted_plugins", "assist",
            ], complete: false),
        "proxy_service": ConfigKeys(
            serviceBase + [
                "web_listen_addr", "tunnel_listen_addr", "peer_listen_addr", "peer_public_addr", "https_key_file",
                "https_cert_file", "proxy_protocol", "kubernetes", "kube_listen_addr", "kube_public_addr",
                "public_addr", "ssh_public_addr", "tunnel_public_addr", "https_keypairs",
                "https_keypairs_reload_interval", "acme", "mysql_listen_addr", "mysql_public_addr",
                "postgres_listen_addr", "postgres_public_addr", "mongo_listen_addr", "mongo_public_addr", "idp", "ui",
                "trust_x_forwarded_for", "assist", "mysql_server_version", "automatic_upgrades_channels",
            ], complete: false),
        "kubernetes_service": ConfigKeys(
            serviceBase + ["public_addr", "kubeconfig_file", "kube_cluster_name", "labels", "commands", "resources"],
            complete: false),
        "app_service": ConfigKeys(
            serviceBase + ["debug_app", "mcp_demo_server", "allowed_hosts", "denied_hosts", "apps", "resources", "public_addr"],
            complete: false),
        "db_service": ConfigKeys(serviceBase + ["databases", "resources", "aws", "azure", "gcp", "labels"], complete: false),
        "windows_desktop_service": ConfigKeys(
            serviceBase + [
                "public_addr", "ldap", "discovery", "discovery_configs", "hosts", "static_hosts", "non_ad_hosts",
                "host_labels", "labels", "show_desktop_wallpaper", "pki_domain", "kdc_address",
            ], complete: false),
        "discovery_service": ConfigKeys(
            serviceBase + ["aws", "azure", "gcp", "kubernetes", "access_graph", "discovery_group", "poll_interval"],
            complete: false),
        "metrics_service": ConfigKeys(
            serviceBase + ["keypairs", "ca_certs", "grpc_server_latency", "grpc_client_latency"], complete: false),
        "tracing_service": ConfigKeys(
            ["enabled", "exporter_url", "keypairs", "ca_certs", "sampling_rate_per_million"], complete: false),
        "debug_service": ConfigKeys(["enabled"], complete: false),
        "okta_service": ConfigKeys(serviceBase + ["api_endpoint", "api_token_path", "sync"], complete: false),
        "jamf_service": ConfigKeys(serviceBase + ["name", "sync_delay", "exit_on_sync", "api_endpoint", "username", "password_file", "client_id", "client_secret_file", "inventory"], complete: false),
        "plugin_service": ConfigKeys(["enabled", "plugins"], complete: false),
        "access_graph": ConfigKeys(["enabled", "endpoint", "ca", "insecure"], complete: false),
        "relay_service": ConfigKeys(serviceBase, complete: false),
        "linux_desktop_service": ConfigKeys(serviceBase + ["public_addr", "labels"], complete: false),
    ]

    /// The top level of the file.
    static let file = ConfigKeys(["version"], complete: true, nested: sections)
}
