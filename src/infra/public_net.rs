//! Outbound calls a tenant's admin can aim (an identity provider's issuer
//! and endpoints) reach the public internet only: a name that resolves to a
//! loopback, private, link-local or otherwise internal address is refused,
//! and so is such an address written in the URL, so that no tenant can make
//! the server fetch from the operator's own network (SSRF). The check runs
//! on the addresses actually connected to, so a name that resolves
//! differently on the second look (DNS rebinding) gains nothing.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// Whether `ip` is an address of the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        // 0.0.0.0/8, shared address space (100.64/10), 192.0.0.0/24, benchmarking (198.18/15), reserved (240/4).
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && ip.octets()[2] == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240)
}

/// Global unicast (2000::/3) only, less the ranges that carry an IPv4
/// address a gateway would forward to (Teredo 2001::/32, 6to4 2002::/16)
/// and documentation (2001:db8::/32). NAT64 (64:ff9b::/96), IPv4-compatible
/// (::/96), unique local, site- and link-local addresses are outside 2000::/3.
fn is_public_v6(ip: Ipv6Addr) -> bool {
    let [first, second, ..] = ip.segments();
    (first & 0xe000) == 0x2000
        && !(first == 0x2001 && (second == 0 || second == 0x0db8))
        && first != 0x2002
}

/// Refuses a URL whose host is an internal address written out (names are
/// left to `PublicOnly`, which sees what they resolve to).
pub fn check_url(url: &str) -> Result<(), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("{url}: {e}"))?;
    let literal = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
        Some(url::Host::Domain(_)) => None,
        None => return Err(format!("{url} names no host")),
    };
    match literal {
        Some(ip) if !is_public(ip) => Err(format!("{url} is not a public address")),
        _ => Ok(()),
    }
}

/// A resolver that keeps a name's public addresses only, and fails when it
/// has none.
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let public: Vec<SocketAddr> = found.into_iter().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            let addrs: Addrs = Box::new(public.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_not_public_and_the_internet_is() {
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "224.0.0.1",
            "255.255.255.255",
            "64:ff9b::a00:5",
            "64:ff9b:1::a00:5",
            "2002:a00:5::1",
            "::7f00:1",
            "2001:0:4136:e378::1",
            "fec0::1",
            "2001:db8::1",
        ] {
            assert!(!is_public(internal.parse().unwrap()), "{internal}");
        }
        for public in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:1.1.1.1",
        ] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn a_url_naming_an_internal_address_is_refused_and_a_name_is_left_to_the_resolver() {
        assert!(check_url("http://169.254.169.254/latest/meta-data").is_err());
        assert!(check_url("https://[::1]:8443/").is_err());
        assert!(check_url("https://10.0.0.5/.well-known/openid-configuration").is_err());
        assert!(check_url("https://accounts.example.com/").is_ok());
        assert!(check_url("https://8.8.8.8/").is_ok());
    }

    #[tokio::test]
    async fn a_name_that_resolves_to_loopback_only_resolves_to_nothing() {
        let name: Name = "localhost".parse().unwrap();
        assert!(PublicOnly.resolve(name).await.is_err());
    }
}
