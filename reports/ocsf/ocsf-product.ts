/** deprov as the OCSF `metadata.product` that reported the findings. */
import packageJson from "../../package.json" with { type: "json" };

export interface OcsfProduct {
  name: string;
  vendor_name: string;
  version: string;
}

export const DEPROV_PRODUCT: OcsfProduct = {
  name: "deprov",
  vendor_name: "deprov",
  version: packageJson.version,
};
