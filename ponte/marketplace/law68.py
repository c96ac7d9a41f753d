"""The Law 68/1999 quota (quota di riserva) of an employer, as a pure function.

Art. 3, paragraph 1 of Law 12 March 1999, n. 68 obliges private and public employers to employ
people with disabilities (the disabled workers of art. 1) in this number:
  a) 7% of the workers employed, if they employ more than 50;
  b) 2 workers, if they employ 36 to 50;
  c) 1 worker, if they employ 15 to 35.
Below 15 there is no obligation. Rounding: art. 3 of D.P.R. 10 October 2000,
n. 333 (the regulation implementing the law) counts percentage fractions above 0.50 as a whole
unit; a fraction of 0.50 or less is dropped. So 51 employees → 3.57 → 4; 60 → 4.20 → 4.

Ponte computes from the number of employees recorded in the directory; the legal base of the
computation (art. 4 of the law) leaves out some workers (e.g. fixed-term contracts up to six
months, apprentices, the disabled workers already employed), so the figure is an indication,
not a certification. The quota of art. 18, paragraph 2 (orphans and spouses of victims, 1% above
50 employees) is not included.
"""

from decimal import ROUND_FLOOR, Decimal

SOURCES = [
    (
        "Legge 12 marzo 1999, n. 68, art. 3 (assunzioni obbligatorie, quote di riserva)",
        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1999-03-12;68~art3",
    ),
    (
        "D.P.R. 10 ottobre 2000, n. 333, art. 3 (computo della quota, arrotondamento)",
        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:presidente.repubblica:decreto:2000-10-10;333~art3",
    ),
    (
        "D.Lgs. 10 settembre 2003, n. 276, art. 14 (cooperative sociali e inserimento lavorativo"
        " dei lavoratori svantaggiati)",
        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2003-09-10;276~art14",
    ),
    (
        "Legge 8 novembre 1991, n. 381 (cooperative sociali)",
        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1991-11-08;381",
    ),
]

PERCENT_ABOVE_50 = Decimal(7)


def round_fraction(value: Decimal) -> int:
    """A fraction above 0.50 counts as a unit (D.P.R. 333/2000, art. 3)."""
    whole = int(value.to_integral_value(rounding=ROUND_FLOOR))
    return whole + 1 if value - whole > Decimal("0.5") else whole


def law68_quota(employees: int | None) -> int:
    """The number of workers with disabilities an employer of `employees` must employ."""
    if employees is None or employees < 15:
        return 0
    if employees <= 35:
        return 1
    if employees <= 50:
        return 2
    return round_fraction(Decimal(employees) * PERCENT_ABOVE_50 / 100)
