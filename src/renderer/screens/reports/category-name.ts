import type { TFunction } from 'i18next';
import type { Lang } from '../../i18n/i18n.js';
import { textOf } from '../../i18n/text-of.js';
import { mccGroupOf } from '../../../core/reference/mcc-groups.js';

/** What a spending-by-category row carries about its category (core/reports/spending-reports.ts CategoryRow). */
export interface CategoryOfRow {
  mcc: string;
  /** The engine's English ISO 18245 description, or 'MCC 5149' for a code its list does not name. */
  category: string;
  /** The engine's named group the code falls in (MCC_GROUPS), or null. */
  group: string | null;
}

/** The name a report shows for a category (the code is shown beside it), and a tooltip when the name hides something. */
export interface CategoryName {
  name: string;
  title?: string;
}

/**
 * A merchant category in the reader's words. The engine names codes only in English, so in
 * Indonesian a code is named by its group ("Restoran"), which the UI has words for; a code in no
 * group is "Kategori lain", with the engine's English name as its tooltip so nothing is lost. In
 * English the engine's description stays, and a code it does not name is said by its group
 * instead of the code twice ("Suppliers (other)").
 */
export function categoryName(t: TFunction, lang: Lang, row: CategoryOfRow): CategoryName {
  const group = row.group ? groupName(t, row.group) : null;
  const described = row.category !== `MCC ${row.mcc}`;
  if (lang === 'id') {
    if (group) return { name: group };
    return described ? { name: t('reports.spending.unnamedCategory'), title: row.category } : { name: t('reports.spending.unnamedCategory') };
  }
  if (described) return { name: row.category };
  return { name: group ? t('reports.spending.groupCategory', { group }) : t('reports.spending.unnamedCategory') };
}

/** A group's words as a label ("Restoran"). */
function groupName(t: TFunction, group: string): string {
  return capitalised(textOf(t('rules.groups', { returnObjects: true }), group));
}

/**
 * A bare code as a label in the reader's language, for places that have only the code (an
 * authorization's merchant): "Restoran · 5814"; a code in no group is shown as the code alone.
 */
export function codeWithGroup(t: TFunction, mcc: string): string {
  const group = mccGroupOf(mcc);
  return group ? `${groupName(t, group)} · ${mcc}` : mcc;
}

/** Group words are written for the middle of a sentence ("restoran"); a table cell starts with a capital. */
function capitalised(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}
