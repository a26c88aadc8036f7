"""Approved claims for the finance team: one row per claim, with its reference, as CSV
(UTF-8 with a byte-order mark) and as a spreadsheet (.xlsx). Free text is made
formula-safe (workshops.exports.formula_safe). Fees chosen as a voucher are in their own
column, and a declined fee is 0.00 with the choice said in words, so the finance team
pays exactly what is owed, as money or as a voucher."""

import csv
from decimal import Decimal

from openpyxl import Workbook

from involvement.models import Claim
from workshops.exports import XLSX_TYPE, formula_safe

__all__ = ["XLSX_TYPE", "claims_table", "write_csv", "write_xlsx"]

HEADER = [
    "Reference",
    "Name",
    "E-mail",
    "Workshop",
    "Date",
    "Role",
    "Fee choice",
    "Rate (£)",
    "Units",
    "Fee to pay (£)",
    "Voucher (£)",
    "Expenses (£)",
    "Receipts",
    "Total to pay (£)",
    "Export",
]

ZERO = Decimal("0.00")


def claims_table(claims, *, numbers=False):
    """The header, then one row per claim (claims with member, workshop and expenses
    fetched). Amounts as text with two decimals, or as Decimals for a spreadsheet."""

    def money(value):
        return value if numbers else f"{value:.2f}"

    yield HEADER
    for claim in claims:
        payment = claim.fee if claim.choice == Claim.Choice.PAYMENT else ZERO
        voucher = claim.fee if claim.choice == Claim.Choice.VOUCHER else ZERO
        expenses = claim.expenses_total
        yield [
            claim.reference,
            formula_safe(str(claim.member)),
            formula_safe(claim.member.email),
            formula_safe(claim.workshop.title),
            claim.day.isoformat(),
            formula_safe(claim.role_name),
            claim.get_choice_display(),
            money(claim.rate_amount),
            money(claim.units),
            money(payment),
            money(voucher),
            money(expenses),
            sum(1 for expense in claim.expenses.all() if expense.receipt),
            money(payment + expenses),
            claim.exported_in.reference if claim.exported_in_id else "",
        ]


def write_csv(out, claims):
    out.write("\ufeff")
    csv.writer(out).writerows(claims_table(claims))


def write_xlsx(out, claims):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Claims")
    for row in claims_table(claims, numbers=True):
        sheet.append(row)
    workbook.save(out)
