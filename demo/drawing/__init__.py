"""An officer's hand-drawn grid map of the demo village, and the phone photo that brings it in.

Where the pen puts the village on paper (:mod:`demo.drawing.layout`, giving a
:mod:`demo.drawing.scene`), how a ballpoint draws and writes (:mod:`demo.drawing.pen`),
the sketch itself (:mod:`demo.drawing.sketch`) and the photo of the sheet
(:mod:`demo.drawing.phone_photo`). The same pen marks printed grid sheets
(:mod:`demo.drawing.field_marks`) and the same desk and camera photograph them
(:mod:`demo.drawing.field_camera`, :mod:`demo.field_photo`).
"""
