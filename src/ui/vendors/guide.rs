//! "Where MDM servers take the token", the second half of the Get started card: for each common
//! MDM server, where its public key comes from and where the downloaded token goes, as the
//! vendor's public documentation has it (the research, with every source, is kept beside the
//! project in `notes/vendor-token-upload.md`). Where a vendor's documentation did not give a
//! menu path, the guide says what the documentation does give (an API, a command) rather than
//! guess one. Part of the `vendors` wasm, so none of this text is in the app's first load.
//!
//! Links open the vendor's page in a new tab (`rel="noopener noreferrer"`: the page gets no
//! handle on this one and no referrer); the app itself loads nothing from any vendor.

use yew::prelude::*;

/// One MDM server's entry.
struct Vendor {
    name: &'static str,
    /// Where the public key comes from and where the token goes, as documented.
    steps: &'static str,
    /// The documentation page the steps come from, and how to name it.
    link: &'static str,
    link_text: &'static str,
}

const VENDORS: [Vendor; 7] = [
    Vendor {
        name: "Jamf Pro",
        steps: "Download the public key (.pem) from Jamf Pro, then upload the server token file \
                (.p7m) to Jamf Pro to configure an Automated Device Enrollment instance. Jamf Pro \
                API: POST /api/v1/device-enrollments/upload-token.",
        link: "https://developer.jamf.com/jamf-pro/reference/post_v1-device-enrollments-upload-token",
        link_text: "Jamf Pro API: upload a device enrollment token",
    },
    Vendor {
        name: "Microsoft Intune",
        steps: "In the Intune admin center: Devices > Enrollment > Apple mobile (Apple for macOS) > \
                Enrollment program tokens. Download the public key in that wizard and keep the \
                tab open; then enter the Apple ID, choose the token in the Apple token field, \
                and select Create.",
        link: "https://learn.microsoft.com/en-us/intune/device-enrollment/apple/setup-apple-token",
        link_text: "Microsoft Learn: set up an automated device enrollment token",
    },
    Vendor {
        name: "Kandji (now Iru)",
        steps: "The API documentation has “Download ADE public key” (GET \
                /api/v1/integrations/apple/ade/public_key/) and “Create ADE integration” (POST \
                /api/v1/integrations/apple/ade/ with the .p7m file).",
        link: "https://docs.iru.com/en/endpoint/settings/apple-integrations/configure-multiple-automated-device-enrollment-tokens",
        link_text: "Iru documentation: multiple ADE tokens",
    },
    Vendor {
        name: "Mosyle",
        steps: "Mosyle Manager (education): My School > Apple Basic Setup > Apple School Manager \
                > Add new account, then follow the on-screen instructions. This comes from a copy \
                of Mosyle's training material; Mosyle's own help pages were not found.",
        link: "https://book.msls.tech/books/moslye-education/page/apple-integrations",
        link_text: "Copy of Mosyle training material (third party)",
    },
    Vendor {
        name: "Fleet",
        steps: "Settings > Integrations > MDM > Apple Business (AB) > Add AB > Download public key; \
                then upload the service token (.p7m) in Fleet (a Fleet Premium feature).",
        link: "https://github.com/fleetdm/fleet/blob/main/articles/apple-mdm-setup.md",
        link_text: "Fleet guide: Apple MDM setup",
    },
    Vendor {
        name: "MicroMDM",
        steps: "mdmctl get dep-tokens -export-public-key /tmp/DEPPublicKey.pem gives the public \
                key; mdmctl apply dep-tokens -import <token>.p7m takes the token.",
        link: "https://github.com/micromdm/micromdm/blob/main/docs/user-guide/quickstart.md",
        link_text: "MicroMDM quickstart",
    },
    Vendor {
        name: "NanoDEP",
        steps: "GET /v1/tokenpki/{name} on depserver returns the certificate; PUT \
                /v1/tokenpki/{name} with the .p7m as the body takes the token \
                (tools/cfg-get-cert.sh and tools/cfg-decrypt-tokens.sh wrap both).",
        link: "https://github.com/micromdm/nanodep/blob/main/docs/operations-guide.md",
        link_text: "NanoDEP operations guide",
    },
];

/// The guide.
#[component]
pub fn Guide() -> Html {
    html! {
        <section class="guide" aria-labelledby="guide-title">
            <h4 id="guide-title">{ "Where MDM servers take the token" }</h4>
            <p class="muted small">{ "As each vendor's public documentation describes it; menus \
                                      change between releases, so check the linked page." }</p>
            <dl class="details">
                { for VENDORS.iter().map(|v| html! {
                    <>
                        <dt>{ v.name }</dt>
                        <dd>
                            { v.steps }{ " " }
                            <a href={v.link} target="_blank" rel="noopener noreferrer">
                                { v.link_text }<span class="visually-hidden">{ " (opens in a new tab)" }</span></a>
                        </dd>
                    </>
                }) }
            </dl>
        </section>
    }
}
