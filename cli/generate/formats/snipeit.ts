/**
 * Snipe-IT `GET /api/v1/hardware` (all pages merged: `total` equals the number of `rows`), shaped like
 * its AssetsTransformer: nested `model`/`category`/`status_label`, `assigned_to` with `type: "user"`,
 * dates as `{datetime: "YYYY-MM-DD HH:MM:SS", formatted}` in the server's (org's) zone, and strings
 * HTML-escaped as Snipe-IT's `e()` does.
 */
import type { GenAsset } from "../asset-plan.ts";
import { writeRecordsFile } from "../file-writer.ts";
import { jsonFrame, RECORDS } from "../serialization.ts";
import { addDays, snipeItFormatted, type ZoneClock } from "../time-format.ts";
import type { DeviceModel } from "../vocabulary.ts";

interface StatusLabel {
  id: number;
  name: string;
  status_type: string;
}

const STATUS_LABELS: Record<GenAsset["state"], StatusLabel> = {
  deployed: { id: 2, name: "Ready to Deploy", status_type: "deployable" },
  ready: { id: 2, name: "Ready to Deploy", status_type: "deployable" },
  pending: { id: 1, name: "Pending", status_type: "pending" },
  lost: { id: 4, name: "Lost/Stolen", status_type: "archived" },
};

export interface SnipeItContext {
  clock: ZoneClock;
  primaryDomain: string;
  pretty: boolean;
}

export function writeSnipeItHardware(
  path: string,
  assets: readonly GenAsset[],
  context: SnipeItContext,
): number {
  const frame = jsonFrame({ total: assets.length, rows: RECORDS }, context.pretty);
  const ids = new ModelIds();
  return writeRecordsFile(
    path,
    frame.head,
    assets,
    (a) => frame.item(hardwareRow(a, context, ids)),
    frame.separator,
    frame.tail,
  );
}

/** Laravel's `e()`: htmlspecialchars with quotes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#039;");
}

class ModelIds {
  private readonly models = new Map<string, number>();
  private readonly names = new Map<string, number>();

  model(model: DeviceModel): number {
    return this.idOf(this.models, model.name);
  }

  named(name: string): number {
    return this.idOf(this.names, name);
  }

  private idOf(map: Map<string, number>, key: string): number {
    let id = map.get(key);
    if (id === undefined) {
      id = map.size + 1;
      map.set(key, id);
    }
    return id;
  }
}

function hardwareRow(asset: GenAsset, context: SnipeItContext, ids: ModelIds): unknown {
  const { clock } = context;
  const label = STATUS_LABELS[asset.state];
  const holder = asset.state === "deployed" ? asset.holder : undefined;
  const purchaseDate = clock.date(asset.purchasedAt);
  const dateObject = (date: string): { date: string; formatted: string } => ({ date, formatted: date });
  const datetimeObject = (ms: number): { datetime: string; formatted: string } => {
    const wall = clock.wallTime(ms);
    return { datetime: wall, formatted: snipeItFormatted(wall) };
  };
  const eolDate = addDays(purchaseDate, 3 * 365);
  return {
    id: asset.id,
    name: "",
    asset_tag: asset.tag,
    serial: asset.serial,
    model: { id: ids.model(asset.model), name: escapeHtml(asset.model.name) },
    byod: false,
    model_number: escapeHtml(asset.model.modelNumber),
    eol: dateObject(eolDate),
    status_label: {
      id: label.id,
      name: label.name,
      status_type: label.status_type,
      status_meta: holder === undefined ? label.status_type : "deployed",
    },
    category: { id: ids.named(`category:${asset.model.category}`), name: asset.model.category },
    manufacturer: {
      id: ids.named(`manufacturer:${asset.model.manufacturer}`),
      name: asset.model.manufacturer,
    },
    supplier: null,
    notes: null,
    order_number: null,
    company: null,
    location: holder === undefined ? { id: 1, name: "HQ IT Storage" } : null,
    rtd_location: { id: 1, name: "HQ IT Storage" },
    image: null,
    qr: null,
    alt_barcode: null,
    assigned_to:
      holder === undefined
        ? null
        : {
            id: asset.holderUserId ?? 0,
            username: holder.local,
            name: escapeHtml(`${holder.firstName} ${holder.lastName}`),
            first_name: escapeHtml(holder.firstName),
            last_name: escapeHtml(holder.lastName),
            email: `${holder.local}@${context.primaryDomain}`,
            employee_number: asset.holderHasEmployeeNumber ? holder.employeeId : null,
            type: "user",
          },
    warranty_months: "36 months",
    warranty_expires: dateObject(eolDate),
    created_at: datetimeObject(asset.purchasedAt),
    updated_at: datetimeObject(asset.updatedAt),
    last_audit_date: null,
    next_audit_date: null,
    deleted_at: null,
    purchase_date: dateObject(purchaseDate),
    last_checkout: asset.lastCheckoutAt === undefined ? null : datetimeObject(asset.lastCheckoutAt),
    expected_checkin: null,
    purchase_cost: asset.model.cost,
    checkin_counter: holder === undefined ? asset.checkouts : asset.checkouts - 1,
    checkout_counter: asset.checkouts,
    requests_counter: 0,
    user_can_checkout: holder === undefined && asset.state === "ready",
    custom_fields: [],
    available_actions: {
      checkout: true,
      checkin: true,
      clone: true,
      restore: false,
      update: true,
      delete: holder === undefined,
      audit: true,
    },
  };
}
