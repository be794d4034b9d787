"""The print engine: one page kit, one PDF writer, one map frame, and the documents on top.

- :mod:`maps.print.page`: paper and millimetres, text, tables, the title block and footer;
- :mod:`maps.print.pdf`: pages into a PDF written whole or not at all;
- :mod:`maps.print.pagination`: how rows of a table flow over pages;
- :mod:`maps.print.map_frame`: a map on a page with the marks a printed map carries
  (scale bar, north arrow, degree ticks, locator, legend), drawn in one place for
  every document that prints a map;
- the documents: :mod:`~maps.print.grid_sheet` and the :mod:`~maps.print.atlas`,
  the monthly :mod:`~maps.print.bulletin` (with its :mod:`~maps.print.coverage_map`
  and :mod:`~maps.print.dispute_chart`), the :mod:`~maps.print.weekly_sheet` and
  the :mod:`~maps.print.route_sheet`.

Whatever a printed page must carry is drawn here once, so a change to it
reaches every document.
"""
