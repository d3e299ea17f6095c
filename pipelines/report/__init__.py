"""`autoexport report`: a static HTML report of the published warehouse that opens offline.

warehouse.py reads the warehouse read-only, sections.py says what each section queries and
shows, charts.py draws with Altair, writer.py renders templates/report.html.j2 with the Vega
scripts inlined. Nothing here imports Dagster.
"""
