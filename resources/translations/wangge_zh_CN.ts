<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>expected a date as YYYY-MM-DD, got {text!r}</source>
        <translation>日期格式应为 YYYY-MM-DD，实际为 {text!r}</translation>
    </message>
    <message>
        <source>expected a whole number of at least 1, got {text!r}</source>
        <translation>应为不小于 1 的整数，实际为 {text!r}</translation>
    </message>
    <message>
        <source>show the audit log: who changed which record, when, and the old and new values</source>
        <translation>查看审计日志：谁在何时修改了哪条记录，以及修改前后的值</translation>
    </message>
    <message>
        <source>Print the project&apos;s audit log, newest entry first: when (station time), who, what was done to which record of which layer, the version it left, and the old and new values of the changed fields. Residents&apos; names, phones and ID numbers are masked unless --show-personal is given.</source>
        <translation>按时间倒序打印项目的审计日志：时间（北京时间）、操作人、对哪个图层的哪条记录做了什么、修改后的版本号，以及所改字段修改前后的值。除非给出 --show-personal，居民姓名、电话和身份证号均作脱敏处理。</translation>
    </message>
    <message>
        <source>only entries of this layer</source>
        <translation>只看该图层的记录</translation>
    </message>
    <message>
        <source>only entries of this record</source>
        <translation>只看该条记录</translation>
    </message>
    <message>
        <source>only entries from this day on (station time)</source>
        <translation>只看该日（北京时间）起的记录</translation>
    </message>
    <message>
        <source>only the newest N entries</source>
        <translation>只看最新的 N 条</translation>
    </message>
    <message>
        <source>print names, phones and ID numbers in full</source>
        <translation>完整显示姓名、电话和身份证号</translation>
    </message>
    <message>
        <source>no audit entries</source>
        <translation>没有审计记录</translation>
    </message>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>批量载入</translation>
    </message>
    <message>
        <source>{count} records loaded: {span}</source>
        <translation>批量载入 {count} 条记录：{span}</translation>
    </message>
    <message>
        <source>{field}: {old} → {new}</source>
        <translation>{field}：{old} → {new}</translation>
    </message>
    <message>
        <source>{field}: {value}</source>
        <translation>{field}：{value}</translation>
    </message>
    <message>
        <source>location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>expected a size as WIDTHxHEIGHT in pixels, e.g. 1920x1080, got {text!r}</source>
        <translation>尺寸应为“宽x高”像素，例如 1920x1080，实际为 {text!r}</translation>
    </message>
    <message>
        <source>expected an extent as minx,miny,maxx,maxy with max &gt; min, got {text!r}</source>
        <translation>范围应为 minx,miny,maxx,maxy，且 max 大于 min，实际为 {text!r}</translation>
    </message>
    <message>
        <source>Wangge: grid maps, households, visits and disputes for community policing.</source>
        <translation>Wangge 网格：社区警务的网格图、住户、走访与矛盾纠纷。</translation>
    </message>
    <message>
        <source>generate a synthetic demo village project (with its hand-drawn sketch)</source>
        <translation>生成演示村庄项目（含手绘网格图）</translation>
    </message>
    <message>
        <source>Generate a synthetic but believable station project near Tongxin County: roads, households, grids, officers, landmarks, a year of visits and disputes, and a photographed hand-drawn sketch of the demo village. The same --households, --seed and --as-of give the same data.</source>
        <translation>生成同心县附近一个虚构但逼真的派出所项目：道路、住户、网格、警员、地标、一年的走访与矛盾纠纷，以及演示村的手绘网格图照片。相同的 --households、--seed 和 --as-of 生成完全相同的数据。</translation>
    </message>
    <message>
        <source>the project file to create</source>
        <translation>要创建的项目文件</translation>
    </message>
    <message>
        <source>number of households (default 570)</source>
        <translation>户数（默认 570）</translation>
    </message>
    <message>
        <source>random seed (default 2021)</source>
        <translation>随机种子（默认 2021）</translation>
    </message>
    <message>
        <source>last day of the year of activity (default today)</source>
        <translation>一年工作记录的最后一天（默认今天）</translation>
    </message>
    <message>
        <source>the language of the window for this start; the Language menu keeps a choice for every start</source>
        <translation>本次启动时窗口使用的语言；要每次启动都使用，请在“语言”菜单中选择</translation>
    </message>
    <message>
        <source>{setting}:</source>
        <translation>{setting}：</translation>
    </message>
    <message>
        <source>points</source>
        <translation>点</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>线</translation>
    </message>
    <message>
        <source>areas</source>
        <translation>面</translation>
    </message>
    <message>
        <source>police station</source>
        <translation>派出所</translation>
    </message>
    <message>
        <source>time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>county</source>
        <translation>县</translation>
    </message>
    <message>
        <source>villages</source>
        <translation>村庄</translation>
    </message>
    <message>
        <source>key on printed sheets</source>
        <translation>图幅二维码项目码</translation>
    </message>
    <message>
        <source>demo seed</source>
        <translation>演示数据种子</translation>
    </message>
    <message>
        <source>demo as of</source>
        <translation>演示数据日期</translation>
    </message>
    <message>
        <source>synced with</source>
        <translation>同步服务器</translation>
    </message>
    <message>
        <source>grid of this copy</source>
        <translation>本副本网格</translation>
    </message>
    <message>
        <source>route rules</source>
        <translation>巡逻路线规则</translation>
    </message>
    <message>
        <source>{project}: nothing to draw, the project has no grids, households, roads or imagery</source>
        <translation>{project}：没有可画的内容，项目中还没有网格、住户、道路或影像</translation>
    </message>
    <message>
        <source>add satellite imagery to a project, list or remove it</source>
        <translation>向项目添加卫星影像，列出或移除影像</translation>
    </message>
    <message>
        <source>keep a georeferenced image (GeoTIFF) or an offline tile package (.mbtiles) in the project</source>
        <translation>把带地理坐标的影像（GeoTIFF）或离线瓦片包（.mbtiles）存入项目</translation>
    </message>
    <message>
        <source>Store the image in the project file as GeoPackage tiles with every zoom level, in its own coordinate system, so the map shows it at any scale without reading the whole file. The project must be a GeoPackage (.gpkg).</source>
        <translation>把影像以 GeoPackage 瓦片（含各级缩放）存入项目文件，保持影像自身的坐标系，地图在任何比例尺下显示都不必读入整个文件。项目必须是 GeoPackage（.gpkg）文件。</translation>
    </message>
    <message>
        <source>the image (.tif) or tile package (.mbtiles)</source>
        <translation>影像（.tif）或瓦片包（.mbtiles）</translation>
    </message>
    <message>
        <source>the name shown for the imagery (default: the file name)</source>
        <translation>影像显示的名称（默认：文件名）</translation>
    </message>
    <message>
        <source>print no progress</source>
        <translation>不显示进度</translation>
    </message>
    <message>
        <source>list the project&apos;s imagery</source>
        <translation>列出项目中的影像</translation>
    </message>
    <message>
        <source>take imagery out of the project</source>
        <translation>从项目中移除影像</translation>
    </message>
    <message>
        <source>the imagery&apos;s name or table, as listed</source>
        <translation>影像的名称或表名（与列表中一致）</translation>
    </message>
    <message>
        <source>removed &apos;{name}&apos; from {project}</source>
        <translation>已从 {project} 移除“{name}”</translation>
    </message>
    <message>
        <source>added &apos;{name}&apos; as {table}: {crs}, zoom levels {low}-{high}, {tiles} tiles, in {seconds:.1f} s</source>
        <translation>已添加“{name}”（表 {table}）：{crs}，缩放级别 {low}-{high}，{tiles} 个瓦片，用时 {seconds:.1f} 秒</translation>
    </message>
    <message>
        <source>no imagery yet; add some with: wangge basemap add PROJECT IMAGE</source>
        <translation>还没有影像；添加方法：wangge basemap add 项目 影像</translation>
    </message>
    <message>
        <source>zoom {low}-{high}, {x:g} x {y:g} a pixel, {tiles} tiles</source>
        <translation>缩放 {low}-{high}，每像素 {x:g} x {y:g}，{tiles} 个瓦片</translation>
    </message>
    <message>
        <source>show the layers of a project and how many records each holds</source>
        <translation>显示项目的图层及各图层记录数</translation>
    </message>
    <message>
        <source>a project file (.gpkg)</source>
        <translation>项目文件（.gpkg）</translation>
    </message>
    <message>
        <source>print machine-readable JSON</source>
        <translation>输出 JSON 格式</translation>
    </message>
    <message>
        <source>open the desktop app, optionally with a project</source>
        <translation>打开桌面程序（可指定项目）</translation>
    </message>
    <message>
        <source>save a screenshot of the whole window once the map is drawn, then exit</source>
        <translation>地图绘制完成后保存整个窗口的截图，然后退出</translation>
    </message>
    <message>
        <source>render the project&apos;s default map view to a PNG image (no display needed)</source>
        <translation>将项目的默认地图视图渲染为 PNG 图片（无需显示器）</translation>
    </message>
    <message>
        <source>Render the default map view (grids, roads, landmarks, households by visit recency, disputes by grade) to a PNG. The extent is minx,miny,maxx,maxy in metres (UTM zone 48N) or in degrees of longitude and latitude.</source>
        <translation>将默认地图视图（网格、道路、地标、按走访状态显示的住户、按等级显示的矛盾纠纷）渲染为 PNG 图片。范围为 minx,miny,maxx,maxy，单位为米（UTM 48N 带）或经纬度（度）。</translation>
    </message>
    <message>
        <source>a project file (.gpkg) or database URL</source>
        <translation>项目文件（.gpkg）或数据库 URL</translation>
    </message>
    <message>
        <source>the image file to write</source>
        <translation>要写入的图片文件</translation>
    </message>
    <message>
        <source>image size in pixels (default 1920x1080)</source>
        <translation>图片尺寸，单位为像素（默认 1920x1080）</translation>
    </message>
    <message>
        <source>the area to show (default: everything)</source>
        <translation>显示范围（默认：全部）</translation>
    </message>
    <message>
        <source>print render_ms: the median of several renders after a warm-up</source>
        <translation>输出 render_ms：预热后多次渲染耗时的中位数</translation>
    </message>
    <message>
        <source>print no progress while the project is read</source>
        <translation>读取项目时不显示进度</translation>
    </message>
    <message>
        <source>create the demo project in your data folder and open it</source>
        <translation>在用户数据目录中创建演示项目并打开</translation>
    </message>
    <message>
        <source>generate the demo project again even if it exists</source>
        <translation>即使演示项目已存在也重新生成</translation>
    </message>
    <message>
        <source>postgresql://user@host/database (the password comes from ~/.pgpass, a service file or PGPASSWORD)</source>
        <translation>postgresql://用户@主机/数据库（密码取自 ~/.pgpass、服务文件或 PGPASSWORD）</translation>
    </message>
    <message>
        <source>the shared station database on PostgreSQL/PostGIS</source>
        <translation>PostgreSQL/PostGIS 上的共享派出所数据库</translation>
    </message>
    <message>
        <source>create the Wangge schema, roles and policies in a database</source>
        <translation>在数据库中创建 Wangge 的数据结构、角色和权限策略</translation>
    </message>
    <message>
        <source>load a station project file into an empty shared database</source>
        <translation>将派出所项目文件导入空的共享数据库</translation>
    </message>
    <message>
        <source>write an offline copy of the database, or of one grid</source>
        <translation>导出数据库（或某个网格）的离线副本</translation>
    </message>
    <message>
        <source>the offline copy to create</source>
        <translation>要创建的离线副本</translation>
    </message>
    <message>
        <source>only this grid (its households, visits, disputes...)</source>
        <translation>只导出该网格（及其住户、走访、纠纷等）</translation>
    </message>
    <message>
        <source>send the offline copy&apos;s edits, receive others&apos;; conflicts are listed, never overwritten</source>
        <translation>上传离线副本的修改并接收他人的修改；冲突逐项列出，绝不覆盖</translation>
    </message>
    <message>
        <source>an offline copy made by &apos;wangge db pull&apos;</source>
        <translation>由 &apos;wangge db pull&apos; 生成的离线副本</translation>
    </message>
    <message>
        <source>settle every listed conflict with this side&apos;s values</source>
        <translation>用这一方的值解决所列的全部冲突</translation>
    </message>
    <message>
        <source>create a user, or change his role and grids</source>
        <translation>创建用户，或修改其角色和网格</translation>
    </message>
    <message>
        <source>the user&apos;s login name</source>
        <translation>用户登录名</translation>
    </message>
    <message>
        <source>what he may do</source>
        <translation>权限角色</translation>
    </message>
    <message>
        <source>for an officer: the grids he may edit</source>
        <translation>社区民警可编辑的网格</translation>
    </message>
    <message>
        <source>canceled; nothing was written</source>
        <translation>已取消，未写入任何内容</translation>
    </message>
    <message>
        <source>wrote {path} in {seconds:.1f} s: {counts}</source>
        <translation>已写入 {path}，用时 {seconds:.1f} 秒：{counts}</translation>
    </message>
    <message>
        <source>schema version</source>
        <translation>结构版本</translation>
    </message>
    <message>
        <source>table</source>
        <translation>表</translation>
    </message>
    <message>
        <source>cannot write {path}</source>
        <translation>无法写入 {path}</translation>
    </message>
    <message>
        <source>using the demo project {path} (--fresh makes a new one)</source>
        <translation>使用已有演示项目 {path}（加 --fresh 重新生成）</translation>
    </message>
    <message>
        <source>schema ready (versions applied: {versions})</source>
        <translation>数据结构已就绪（已应用版本：{versions}）</translation>
    </message>
    <message>
        <source>{name}: {role}, grids {grids}; set a password with psql: \password {name}</source>
        <translation>{name}：{role}，网格 {grids}；请用 psql 设置密码：\password {name}</translation>
    </message>
    <message>
        <source>chief</source>
        <translation>所长</translation>
    </message>
    <message>
        <source>reviewer</source>
        <translation>审阅人</translation>
    </message>
    <message>
        <source>nothing to exchange</source>
        <translation>没有需要同步的内容</translation>
    </message>
    <message>
        <source>{n} conflict(s), {m} refused: your changes are kept in {copy}; settle with --resolve local|server</source>
        <translation>{n} 处冲突，{m} 项被拒绝：您的修改仍保留在 {copy} 中；请用 --resolve local|server 解决</translation>
    </message>
    <message>
        <source>write a project as an offline web map (html), GeoJSON, GeoPackage, Shapefile or Excel file</source>
        <translation>将项目导出为离线网页地图（html）、GeoJSON、GeoPackage、Shapefile 或 Excel 文件</translation>
    </message>
    <message>
        <source>Write a project for people who have no Wangge: html is one web page that needs no internet, geojson the households, gpkg a GeoPackage of the layers, shp a .zip of one shapefile per layer (with fields.csv giving the full name of each shortened field), xlsx an Excel workbook with one sheet per layer. Residents&apos; names and phone numbers are masked and ID numbers left out unless --show-personal is given. An existing file is replaced only once the new one is complete.</source>
        <translation>为没有安装 Wangge 的人导出项目：html 为无需联网的单个网页，geojson 为住户，gpkg 为各图层的 GeoPackage，shp 为每个图层一个 Shapefile 的 .zip 压缩包（附 fields.csv，列出每个缩短字段名的全称），xlsx 为每个图层一张工作表的 Excel 工作簿。除非指定 --show-personal，居民姓名和电话均脱敏，身份证号不导出。新文件完整写好后才替换已有文件。</translation>
    </message>
    <message>
        <source>the kind of file to write</source>
        <translation>要写出的文件类型</translation>
    </message>
    <message>
        <source>the file to write</source>
        <translation>要写出的文件</translation>
    </message>
    <message>
        <source>include full names, phone numbers and ID numbers (personal information: share with care)</source>
        <translation>包含完整姓名、电话和身份证号（个人信息，谨慎分享）</translation>
    </message>
    <message>
        <source>the language of the web map (default: the system&apos;s)</source>
        <translation>网页地图的语言（默认：系统语言）</translation>
    </message>
    <message>
        <source>html: put the project&apos;s satellite imagery under the map, as one picture inside the page</source>
        <translation>html：把项目的卫星影像放在地图下面，作为页面里的一张图片</translation>
    </message>
    <message>
        <source>wrote {path}: {counts}</source>
        <translation>已写入 {path}：{counts}</translation>
    </message>
    <message>
        <source>{path} holds residents&apos; personal information; do not pass it on</source>
        <translation>{path} 含居民个人信息，请勿外传</translation>
    </message>
    <message>
        <source>print grid maps with their household lists to PDF (or the first page to PNG)</source>
        <translation>将网格图及住户名单打印为 PDF（或将第一页输出为 PNG）</translation>
    </message>
    <message>
        <source>Print one grid&apos;s sheet(s), or with --all an overview page and every grid&apos;s sheets, as one PDF. Residents&apos; names and phones are masked and ID numbers left out unless --show-personal is given.</source>
        <translation>打印一个网格的图页；或用 --all 打印总览页和全部网格图页，合为一个 PDF。除非指定 --show-personal，居民姓名和电话均脱敏，身份证号不打印。</translation>
    </message>
    <message>
        <source>the grid to print, by code or name</source>
        <translation>要打印的网格（编号或名称）</translation>
    </message>
    <message>
        <source>print the whole station as an atlas</source>
        <translation>打印全所网格图册</translation>
    </message>
    <message>
        <source>a .pdf or .png file</source>
        <translation>.pdf 或 .png 文件</translation>
    </message>
    <message>
        <source>paper size (default A4)</source>
        <translation>纸张大小（默认 A4）</translation>
    </message>
    <message>
        <source>landscape grid sheets (the overview is turned as the station is)</source>
        <translation>网格图横向打印（总览页按辖区形状自动横竖）</translation>
    </message>
    <message>
        <source>resolution (default 150)</source>
        <translation>分辨率（默认 150）</translation>
    </message>
    <message>
        <source>print names and phones in full</source>
        <translation>打印完整姓名和电话</translation>
    </message>
    <message>
        <source>put the hand-drawn sketch under the map</source>
        <translation>在地图下方叠加手绘图</translation>
    </message>
    <message>
        <source>print what each page shows (sheet id, grid, map frame, extent) as JSON</source>
        <translation>以 JSON 输出每页的内容（图幅编号、网格、地图框、范围）</translation>
    </message>
    <message>
        <source>the project is read-only: these sheets are not registered, so photos of them cannot be read back</source>
        <translation>项目为只读：这些图纸未登记，拍照后无法读回</translation>
    </message>
    <message>
        <source>put the project&apos;s satellite imagery under the map</source>
        <translation>把项目的卫星影像放在地图下面</translation>
    </message>
    <message>
        <source>wrote {path}: {pages} page(s)</source>
        <translation>已写入 {path}：共 {pages} 页</translation>
    </message>
    <message>
        <source>fit control points of a sketch and transform coordinates</source>
        <translation>拟合手绘图控制点并转换坐标</translation>
    </message>
    <message>
        <source>fit a transform and report its errors, per point and overall</source>
        <translation>拟合变换并报告误差（逐点及总体）</translation>
    </message>
    <message>
        <source>transform &apos;x y&apos; lines from stdin to &apos;X Y&apos; lines on stdout</source>
        <translation>将标准输入的 &apos;x y&apos; 行转换为标准输出的 &apos;X Y&apos; 行</translation>
    </message>
    <message>
        <source>control points: QGIS .points, GDAL text or IIIF annotation JSON</source>
        <translation>控制点文件：QGIS .points、GDAL 文本或 IIIF 标注 JSON</translation>
    </message>
    <message>
        <source>the transform (default auto)</source>
        <translation>变换方法（默认 auto）</translation>
    </message>
    <message>
        <source>system of the map coordinates in files that do not say: wgs84, cgcs2000, gcj02 (Amap, Tencent), bd09 (Baidu) or EPSG:&lt;code&gt;; GDAL text defaults to EPSG:32648 metres</source>
        <translation>未写明坐标系的文件中地图坐标所用的坐标系：wgs84、cgcs2000、gcj02（高德、腾讯）、bd09（百度）或 EPSG:&lt;代码&gt;；GDAL 文本默认为 EPSG:32648 米</translation>
    </message>
    <message>
        <source>from map metres back to sketch pixels</source>
        <translation>从地图坐标（米）反算手绘图像素</translation>
    </message>
    <message>
        <source>point</source>
        <translation>点</translation>
    </message>
    <message>
        <source>residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <source>left-out error</source>
        <translation>留一误差</translation>
    </message>
    <message>
        <source>state</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>{method}: RMSE {rmse:.2f} m, leave-one-out RMSE {loo:.2f} m</source>
        <translation>{method}：均方根误差 {rmse:.2f} 米，留一法均方根误差 {loo:.2f} 米</translation>
    </message>
    <message>
        <source>set aside</source>
        <translation>暂不使用</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>looks wrong</source>
        <translation>疑似有误</translation>
    </message>
    <message>
        <source>stdin, line {line}: expected two numbers &apos;x y&apos;, got {text!r}</source>
        <translation>标准输入第 {line} 行：应为两个数 &apos;x y&apos;，实际为 {text!r}</translation>
    </message>
    <message>
        <source>print a month&apos;s assessment figures of every grid and of the station</source>
        <translation>输出各网格及全所某月的考核数据</translation>
    </message>
    <message>
        <source>Print the monthly assessment of a station: for each grid and for the whole station, households, visits and the share of households visited in the month, disputes reported, resolved and open at month end by grade, overdue dispute follow-ups and key persons overdue for a visit. Months run in Beijing time.</source>
        <translation>输出派出所的月度考核：各网格及全所的户数、当月走访次数和走访覆盖率，按等级统计的当月发现、当月化解和月末未化解的矛盾纠纷，逾期未回访的纠纷，以及逾期未走访的重点关注对象。月份按北京时间划分。</translation>
    </message>
    <message>
        <source>the month to report, e.g. 2026-11</source>
        <translation>统计月份，如 2026-11</translation>
    </message>
    <message>
        <source>write the monthly bulletin to a .pdf or .xlsx file</source>
        <translation>将每月通报写入 .pdf 或 .xlsx 文件</translation>
    </message>
    <message>
        <source>wrote {path}</source>
        <translation>已写入 {path}</translation>
    </message>
    <message>
        <source>grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>officer</source>
        <translation>社区民警</translation>
    </message>
    <message>
        <source>households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>走访次数</translation>
    </message>
    <message>
        <source>visited</source>
        <translation>已走访户</translation>
    </message>
    <message>
        <source>coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>reported</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>化解</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未化解</translation>
    </message>
    <message>
        <source>follow-ups overdue</source>
        <translation>逾期未回访</translation>
    </message>
    <message>
        <source>key persons overdue</source>
        <translation>重点人员逾期未访</translation>
    </message>
    <message>
        <source>task list</source>
        <translation>任务清单</translation>
    </message>
    <message>
        <source>spot checks</source>
        <translation>暗访抽查</translation>
    </message>
    <message>
        <source>station</source>
        <translation>全所</translation>
    </message>
    <message>
        <source>{station}, {month}: disputes by grade green/yellow/orange/red; task list: households visited of the target; spot checks: confirmed/not confirmed/unreachable</source>
        <translation>{station}，{month}：纠纷按等级 绿/黄/橙/红；任务清单：已走访户数/目标户数；暗访抽查：已核实/未核实/无法联系</translation>
    </message>
    <message>
        <source>write each officer&apos;s weekly follow-up sheet to a .pdf or .xlsx file</source>
        <translation>将每位民警的每周走访回访清单写入 .pdf 或 .xlsx 文件</translation>
    </message>
    <message>
        <source>Write the weekly follow-up sheet of each officer: the visits he recorded in the week by purpose, dispute follow-ups due or overdue and whether made, key persons overdue and open disputes in his grids, and the households to visit next week. Weeks are ISO weeks, Monday to Sunday, Beijing time. Head names are masked unless --show-personal is given.</source>
        <translation>生成每位民警的每周走访回访清单：本周按事由统计的走访记录、本周到期或已逾期的纠纷回访及是否完成、其网格内逾期重点人员和未化解纠纷，以及下周应走访的住户。周按 ISO 周计，周一至周日，北京时间。除非指定 --show-personal，户主姓名均脱敏。</translation>
    </message>
    <message>
        <source>the ISO week, e.g. 2026-W47</source>
        <translation>ISO 周，例如 2026-W47</translation>
    </message>
    <message>
        <source>only this officer&apos;s sheet</source>
        <translation>只生成该民警的清单</translation>
    </message>
    <message>
        <source>a .pdf or .xlsx file</source>
        <translation>.pdf 或 .xlsx 文件</translation>
    </message>
    <message>
        <source>print head names in full (for the station&apos;s own use)</source>
        <translation>显示户主完整姓名（仅供所内使用）</translation>
    </message>
    <message>
        <source>draw the day&apos;s spot check of visits, or record a call-back&apos;s result</source>
        <translation>抽取当天走访的暗访抽查名单，或登记回访核实结果</translation>
    </message>
    <message>
        <source>Daily spot check: with --day, print a random but reproducible sample of each officer&apos;s visits of that day (Beijing time) with the household&apos;s phone to call back; the same project and day always give the same sample. With --record, store what the call-back found.</source>
        <translation>每日暗访抽查：使用 --day 时，按北京时间随机抽取每名民警当天的走访记录，并列出住户电话以便回访核实；同一项目同一天抽到的名单始终相同。使用 --record 时，登记回访核实的结果。</translation>
    </message>
    <message>
        <source>the day whose visits to sample</source>
        <translation>要抽查哪一天的走访</translation>
    </message>
    <message>
        <source>the visit whose call-back result to record: its code in the day&apos;s list, or its id</source>
        <translation>要记录回访结果的走访：当天清单中的编号，或其完整标识</translation>
    </message>
    <message>
        <source>visits to sample per officer (default 3)</source>
        <translation>每名民警抽查的走访数（默认 3）</translation>
    </message>
    <message>
        <source>what the call-back found: confirmed, not_confirmed or unreachable</source>
        <translation>回访核实结果：confirmed（已核实）、not_confirmed（未核实）或 unreachable（无法联系）</translation>
    </message>
    <message>
        <source>who called the household back</source>
        <translation>回访核实人</translation>
    </message>
    <message>
        <source>visit {visit}: spot check {result} recorded by {by}</source>
        <translation>走访 {visit}：已登记抽查结果 {result}，抽查人 {by}</translation>
    </message>
    <message>
        <source>{day}: no visits recorded that day</source>
        <translation>{day}：当天没有走访记录</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>house no.</source>
        <translation>门牌号</translation>
    </message>
    <message>
        <source>head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>visit code</source>
        <translation>走访编号</translation>
    </message>
    <message>
        <source>{day}: spot check of {count} visits</source>
        <translation>{day}：暗访抽查 {count} 条走访</translation>
    </message>
    <message>
        <source>expected a column mapping as HEADER=FIELD (or HEADER= to ignore it), got {text!r}</source>
        <translation>列对应应写作 HEADER=FIELD（或写 HEADER= 表示忽略该列），实际为 {text!r}</translation>
    </message>
    <message>
        <source>what the file holds</source>
        <translation>文件内容：households（住户登记）、visits（走访记录）或 disputes（矛盾纠纷台账）</translation>
    </message>
    <message>
        <source>import households, visits, disputes, officers, grids, roads or landmarks from a file</source>
        <translation>从文件导入住户、走访、纠纷、警员、网格、道路或地标</translation>
    </message>
    <message>
        <source>Import households, visits or disputes from an Excel workbook or a CSV file (UTF-8 or GBK); officers from a workbook; grids, roads and landmarks from a GeoPackage, Shapefile (GBK or UTF-8), GeoJSON, KML, GPX or OpenStreetMap extract (.osm.pbf, clipped to the station&apos;s area). Chinese column names such as 户主姓名, 门牌号, 家庭人口, 联系电话, 经度, 纬度, 走访日期, 纠纷类型, 等级, 网格编号 and 社区民警 are recognised; --map names the others. Every row or feature is checked first: if any has a problem nothing is imported and the project is left unchanged, unless --valid-rows-only is given.</source>
        <translation>从 Excel 工作簿或 CSV 文件（UTF-8 或 GBK）导入住户、走访或纠纷；从工作簿导入警员；从 GeoPackage、Shapefile（GBK 或 UTF-8）、GeoJSON、KML、GPX 或 OpenStreetMap 数据（.osm.pbf，裁剪到本所范围）导入网格、道路和地标。能识别 户主姓名、门牌号、家庭人口、联系电话、经度、纬度、走访日期、纠纷类型、等级、网格编号、社区民警 等中文列名；其他列用 --map 指定。先检查每一行或每个要素：只要有问题就什么也不导入，项目保持不变，除非给出 --valid-rows-only。</translation>
    </message>
    <message>
        <source>the file to import</source>
        <translation>要导入的文件</translation>
    </message>
    <message>
        <source>the coordinate system of the file&apos;s coordinates (default: a map file&apos;s own, wgs84 for a spreadsheet&apos;s longitude and latitude; gcj02 for Amap and Tencent, bd09 for Baidu)</source>
        <translation>文件中坐标的坐标系（默认：地图文件用其自带的坐标系，表格中的经纬度用 wgs84；高德、腾讯地图用 gcj02，百度地图用 bd09）</translation>
    </message>
    <message>
        <source>import the rows or features without problems and list the others</source>
        <translation>导入没有问题的行或要素，并列出其他的</translation>
    </message>
    <message>
        <source>read the column HEADER as FIELD (repeatable); HEADER= ignores the column</source>
        <translation>将列 HEADER 作为字段 FIELD 读取（可多次使用）；HEADER= 表示忽略该列</translation>
    </message>
    <message>
        <source>imported {count} {layer} into {project}; {left_out} row(s) with problems left out</source>
        <translation>已向 {project} 导入 {count} 条 {layer} 记录；{left_out} 行有问题，未导入</translation>
    </message>
    <message>
        <source>{count} row(s) of {file} were not imported; see the problems above</source>
        <translation>{file} 中有 {count} 行未导入，问题见上方列表</translation>
    </message>
    <message>
        <source>expected a number more than 0, got {text!r}</source>
        <translation>应为大于 0 的数，实际为 {text!r}</translation>
    </message>
    <message>
        <source>expected a day as YYYY-MM-DD or a moment with a time zone, got {text!r}</source>
        <translation>应为 YYYY-MM-DD 格式的日期或带时区的时刻，实际为 {text!r}</translation>
    </message>
    <message>
        <source>plan the day&apos;s route to the households that matter most, along the roads</source>
        <translation>沿道路规划当天走访重点住户的路线</translation>
    </message>
    <message>
        <source>Plan a route from a start (the police office) through the stops and back, along the roads: the shortest order, and when a day&apos;s budget cannot hold every stop, the weightiest ones. STOPS is a CSV with columns id,x,y (metres, UTM zone 48N) or id,lon,lat, optionally label and priority; or a project, whose households the station&apos;s rules choose: open red and orange disputes, dispute follow-ups overdue or due, key persons overdue, households never visited. Without roads the distances are straight lines, and the plan says so.</source>
        <translation>沿道路规划一条从起点（警务室）出发、经过各走访点再返回的路线：按最短的顺序走访；当天时间走不完全部走访点时，优先安排权重最高的。STOPS 可以是 CSV 文件，列为 id,x,y（米，UTM 48N 带）或 id,lon,lat，可另有 label 和 priority 列；也可以是项目，由派出所的规则选出住户：红色和橙色纠纷未化解、纠纷回访逾期或将到期、重点人员逾期未访、从未走访的住户。没有道路时按直线计算距离，规划结果中会注明。</translation>
    </message>
    <message>
        <source>a CSV of stops, or a project file (.gpkg) or database URL</source>
        <translation>走访点 CSV 文件、项目文件（.gpkg）或数据库 URL</translation>
    </message>
    <message>
        <source>where the day starts: a stop id, a landmark id of the project, or LON,LAT (default: the first stop of the file, the project&apos;s police office)</source>
        <translation>当天的起点：走访点标识、项目中的地标标识或 LON,LAT（默认：CSV 文件的第一个走访点；项目则为警务室）</translation>
    </message>
    <message>
        <source>where the day ends, as --start (default: back at the start)</source>
        <translation>当天的终点，写法同 --start（默认：返回起点）</translation>
    </message>
    <message>
        <source>a road file: GeoPackage, GeoJSON, Shapefile or OSM .osm.pbf</source>
        <translation>道路文件：GeoPackage、GeoJSON、Shapefile 或 OSM .osm.pbf</translation>
    </message>
    <message>
        <source>travel speed in km/h (default 25, driving; about 4.5 on foot)</source>
        <translation>行进速度，单位公里/小时（默认 25，即驾车；步行约 4.5）</translation>
    </message>
    <message>
        <source>hours in the day, travel and visits (default: the station&apos;s working day, 8 unless it set another)</source>
        <translation>一天的小时数，含路途与走访（默认：派出所规定的工作日时长，未设置时为 8 小时）</translation>
    </message>
    <message>
        <source>minutes spent at each stop (default 15)</source>
        <translation>每个走访点停留的分钟数（默认 15）</translation>
    </message>
    <message>
        <source>spread the stops over N days from the same start</source>
        <translation>从同一起点出发，将走访点分到 N 天走访</translation>
    </message>
    <message>
        <source>coordinate system of x,y in the CSV (default EPSG:32648)</source>
        <translation>CSV 中 x,y 的坐标系（默认 EPSG:32648）</translation>
    </message>
    <message>
        <source>judge the rules as of this day (default now)</source>
        <translation>按该日的情况套用规则（默认：现在）</translation>
    </message>
    <message>
        <source>only the households of this officer&apos;s grids</source>
        <translation>只含该民警所负责网格的住户</translation>
    </message>
    <message>
        <source>only this grid (repeatable)</source>
        <translation>只含该网格（可多次使用）</translation>
    </message>
    <message>
        <source>weights of the rules, e.g. {&quot;dispute_red&quot;: 120, &quot;never_visited&quot;: 0}</source>
        <translation>各规则的权重，例如 {&quot;dispute_red&quot;: 120, &quot;never_visited&quot;: 0}</translation>
    </message>
    <message>
        <source>label households with the head&apos;s full name</source>
        <translation>用户主完整姓名标注住户</translation>
    </message>
    <message>
        <source>also write the route as GPX for a phone</source>
        <translation>同时将路线写为 GPX 文件，供手机导航使用</translation>
    </message>
    <message>
        <source>also print the route sheet (map and stops to tick off) as PDF; STOPS must be a project</source>
        <translation>同时将走访路线单（地图及可逐项打勾的走访点）打印为 PDF；STOPS 须为项目</translation>
    </message>
    <message>
        <source>day {day}</source>
        <translation>第 {day} 天</translation>
    </message>
    <message>
        <source>from {start}: {count} stops, {km:.1f} km, {hours:.1f} h ({travel} on the road)</source>
        <translation>从{start}出发：{count} 个走访点，{km:.1f} 公里，{hours:.1f} 小时（路上 {travel}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>back at {end} after {time}</source>
        <translation>出发 {time} 后回到{end}</translation>
    </message>
    <message>
        <source>{stop} ({reason})</source>
        <translation>{stop}（{reason}）</translation>
    </message>
    <message>
        <source>left out: {stops}</source>
        <translation>未排入：{stops}</translation>
    </message>
    <message>
        <source>expected NAME or NAME:PHONE, got {text!r}</source>
        <translation>应为“姓名”或“姓名:电话”，实际为 {text!r}</translation>
    </message>
    <message>
        <source>create a new, empty station project</source>
        <translation>新建一个空的派出所项目</translation>
    </message>
    <message>
        <source>Create a new station project (a GeoPackage file) with the station&apos;s name, township, county, villages and people. Grids, roads, landmarks, households and sketches are added to it afterwards. An existing file is never overwritten.</source>
        <translation>新建派出所项目（一个 GeoPackage 文件），写入派出所名称、乡镇、县、行政村和人员。网格、道路、地标、住户和手绘图随后再添加。已有的文件绝不会被覆盖。</translation>
    </message>
    <message>
        <source>the new project file (.gpkg)</source>
        <translation>新项目文件（.gpkg）</translation>
    </message>
    <message>
        <source>the police station, e.g. 豫海派出所</source>
        <translation>派出所名称，例如 豫海派出所</translation>
    </message>
    <message>
        <source>the township, e.g. 豫海镇</source>
        <translation>乡镇，例如 豫海镇</translation>
    </message>
    <message>
        <source>the county, e.g. 同心县</source>
        <translation>县，例如 同心县</translation>
    </message>
    <message>
        <source>a village (repeatable)</source>
        <translation>一个行政村（可重复）</translation>
    </message>
    <message>
        <source>a community officer (repeatable)</source>
        <translation>一名社区民警（可重复）</translation>
    </message>
    <message>
        <source>an auxiliary officer (repeatable)</source>
        <translation>一名辅警（可重复）</translation>
    </message>
    <message>
        <source>the station&apos;s clock (default Asia/Shanghai)</source>
        <translation>派出所使用的时区（默认 Asia/Shanghai，北京时间）</translation>
    </message>
    <message>
        <source>created {path} for {station}</source>
        <translation>已为{station}新建 {path}</translation>
    </message>
    <message>
        <source>add a photographed sketch, list sketches, store control points</source>
        <translation>添加手绘图照片、列出手绘图、存入控制点</translation>
    </message>
    <message>
        <source>keep a photographed sketch (JPEG, PNG or HEIC) in the project</source>
        <translation>把手绘图照片（JPEG、PNG 或 HEIC）存入项目</translation>
    </message>
    <message>
        <source>the photo of the sketch (.jpg, .png or .heic)</source>
        <translation>手绘图照片（.jpg、.png 或 .heic）</translation>
    </message>
    <message>
        <source>the sketch&apos;s title, e.g. 犁铧嘴村一组网格图</source>
        <translation>手绘图标题，例如 犁铧嘴村一组网格图</translation>
    </message>
    <message>
        <source>the grid the sketch shows, by code or name</source>
        <translation>手绘图所画的网格（编号或名称）</translation>
    </message>
    <message>
        <source>who drew it</source>
        <translation>绘制人</translation>
    </message>
    <message>
        <source>list the project&apos;s sketches</source>
        <translation>列出项目中的手绘图</translation>
    </message>
    <message>
        <source>store a control-point file&apos;s points on a sketch, as if clicked</source>
        <translation>把控制点文件中的点存到手绘图上，如同逐个点选</translation>
    </message>
    <message>
        <source>the sketch, by id or title</source>
        <translation>手绘图（编号或标题）</translation>
    </message>
    <message>
        <source>the transform to keep for this sketch (default auto)</source>
        <translation>此手绘图采用的配准方法（默认 auto 自动选择）</translation>
    </message>
    <message>
        <source>system of the map coordinates in files that do not say (see georef fit)</source>
        <translation>文件未注明时地图坐标所用的坐标系（见 georef fit）</translation>
    </message>
    <message>
        <source>no sketches yet; add one with: wangge sketch add PROJECT PHOTO --title T</source>
        <translation>还没有手绘图；添加方法：wangge sketch add 项目 照片 --title 标题</translation>
    </message>
    <message>
        <source>{count} control points</source>
        <translation>{count} 个控制点</translation>
    </message>
    <message>
        <source>stored {count} control points on sketch &apos;{title}&apos;</source>
        <translation>已在手绘图“{title}”上存入 {count} 个控制点</translation>
    </message>
    <message>
        <source>read a photo of a printed sheet marked in the field: which sheet, and where the pen marks are</source>
        <translation>读取外业标注后拍摄的图纸照片：是哪张图纸，笔迹标记在哪里</translation>
    </message>
    <message>
        <source>Find the printed sheet in a phone photo by its corner squares and QR code, place the photo on the map without control points, and list the pen marks added to the sheet (colour, shape, position, nearest household). With --add the photo is kept and each new mark stored as a proposal in the layer field_marks, to be accepted or dismissed in the desktop.</source>
        <translation>根据四角定位方块和二维码在手机照片中找到打印的图纸，无需控制点即可将照片配准到地图上，并列出图纸上新增的笔迹标记（颜色、形状、位置、最近的住户）。加 --add 时保存照片，并把每个新标记作为待处理建议存入 field_marks 图层，在桌面程序中采纳或忽略。</translation>
    </message>
    <message>
        <source>the photo of the sheet (.jpg or .png)</source>
        <translation>图纸的照片（.jpg 或 .png）</translation>
    </message>
    <message>
        <source>keep the photo and store the marks as proposals</source>
        <translation>保存照片，并把标记存为待处理建议</translation>
    </message>
    <message>
        <source>write the photo&apos;s map north-up as a .png or .jpg with world file and .prj</source>
        <translation>将照片中的地图按上北方向输出为 .png 或 .jpg，附带坐标文件和 .prj</translation>
    </message>
    <message>
        <source>stored {new} new mark(s) as proposals in {layer}; {old} were proposed from this sheet before</source>
        <translation>已将 {new} 个新标记存为“{layer}”中的待处理建议；另有 {old} 个标记此前已从这张图纸读出</translation>
    </message>
    <message>
        <source>sheet {sheet_id}: grid {grid}, page {page}, printed {date}; paper flat within {rmse:.1f} mm</source>
        <translation>图纸 {sheet_id}：网格 {grid}，第 {page} 页，打印于 {date}；纸面平整度误差 {rmse:.1f} 毫米</translation>
    </message>
    <message>
        <source>no pen marks found</source>
        <translation>未发现笔迹标记</translation>
    </message>
    <message>
        <source>nearest household {house_no}, {distance:.0f} m</source>
        <translation>最近住户 {house_no} 号，{distance:.0f} 米</translation>
    </message>
    <message>
        <source>no household within {metres:.0f} m</source>
        <translation>{metres:.0f} 米内无住户</translation>
    </message>
    <message>
        <source>{size:.1f} mm</source>
        <translation>{size:.1f} 毫米</translation>
    </message>
    <message>
        <source>imagery</source>
        <translation>影像</translation>
    </message>
</context>
<context>
    <name>AddSketchDialog</name>
    <message>
        <source>Not added</source>
        <translation>未添加</translation>
    </message>
    <message>
        <source>Give the sketch a title.</source>
        <translation>请给手绘图填写标题。</translation>
    </message>
    <message>
        <source>add sketch {title}</source>
        <translation>添加手绘图 {title}</translation>
    </message>
    <message>
        <source>Add a photographed sketch</source>
        <translation>添加手绘图照片</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Drawn by</source>
        <translation>绘制人</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择...</translation>
    </message>
    <message>
        <source>e.g. 犁铧嘴村一组网格图</source>
        <translation>例如 犁铧嘴村一组网格图</translation>
    </message>
</context>
<context>
    <name>Atlas</name>
    <message>
        <source>Station: {station}</source>
        <translation>派出所：{station}</translation>
    </message>
    <message>
        <source>Grid overview · {station}</source>
        <translation>网格总览 · {station}</translation>
    </message>
    <message>
        <source>{count} grids, {households} households · printed {date}</source>
        <translation>{count} 个网格，{households} 户 · 打印日期 {date}</translation>
    </message>
    <message>
        <source>Officer: {officer}</source>
        <translation>社区民警：{officer}</translation>
    </message>
    <message>
        <source>Auxiliary: {auxiliary}</source>
        <translation>辅警：{auxiliary}</translation>
    </message>
    <message>
        <source>Duty phone: {phone}</source>
        <translation>值班电话：{phone}</translation>
    </message>
    <message>
        <source>Printed {date}</source>
        <translation>打印日期 {date}</translation>
    </message>
    <message>
        <source>Grid map · {code} {name}</source>
        <translation>网格图 · {code} {name}</translation>
    </message>
    <message>
        <source>part {index} of {count}</source>
        <translation>第 {index}/{count} 分幅</translation>
    </message>
    <message>
        <source>household list, continued</source>
        <translation>住户名单（续）</translation>
    </message>
    <message>
        <source>page {number} of {count}</source>
        <translation>第 {number}/{count} 页</translation>
    </message>
</context>
<context>
    <name>AttributeTableDock</name>
    <message>
        <source>Households</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <source>{layer} ({count})</source>
        <translation>{layer}（{count}）</translation>
    </message>
    <message>
        <source>Attribute table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <source>Filter rows: type a name, house number, phone or any word shown</source>
        <translation>筛选行：输入姓名、门牌号、电话或表中任意文字</translation>
    </message>
</context>
<context>
    <name>AuditLogDialog</name>
    <message>
        <source>{count} entries, newest first; the log cannot be changed.</source>
        <translation>共 {count} 条，最新的在前；审计日志不可修改。</translation>
    </message>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>History of this record</source>
        <translation>本记录的修改历史</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>All layers</source>
        <translation>全部图层</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>修改内容</translation>
    </message>
</context>
<context>
    <name>AuditLogForbiddenError</name>
    <message>
        <source>{location}: {user} may not read the audit log ({reason}); ask the station chief or a reviewer</source>
        <translation>{location}：{user} 无权查看审计日志（{reason}）；请联系所长或审核人员</translation>
    </message>
</context>
<context>
    <name>AuditLogMissingError</name>
    <message>
        <source>{path}: the audit log (table wangge_audit) has been removed from this file, so edits cannot be recorded and are refused; restore the file from a backup</source>
        <translation>{path}：该文件中的操作日志（wangge_audit 表）已被删除，修改无法记录，因此拒绝修改；请从备份恢复该文件</translation>
    </message>
</context>
<context>
    <name>BudgetTooSmallError</name>
    <message>
        <source>a day of {budget_h:g} h reaches no stop: the nearest, {stop}, needs {needed_h:.2f} h there and back with its visit; give a longer day or a shorter time at each stop</source>
        <translation>{budget_h:g} 小时内一个走访点也到不了：最近的 {stop} 往返加走访需要 {needed_h:.2f} 小时；请延长当天时长或缩短每户停留时间</translation>
    </message>
</context>
<context>
    <name>Bulletin</name>
    <message>
        <source>Rank</source>
        <translation>名次</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>社区民警</translation>
    </message>
    <message>
        <source>Househ.</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Visited</source>
        <translation>已访户</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>New
{grades}</source>
        <translation>新发
{grades}</translation>
    </message>
    <message>
        <source>Resolved
{grades}</source>
        <translation>化解
{grades}</translation>
    </message>
    <message>
        <source>Open
{grades}</source>
        <translation>未化解
{grades}</translation>
    </message>
    <message>
        <source>Follow-ups
overdue</source>
        <translation>回访
逾期</translation>
    </message>
    <message>
        <source>Key persons
overdue</source>
        <translation>重点人员
逾期</translation>
    </message>
    <message>
        <source>Task list
done</source>
        <translation>任务
完成率</translation>
    </message>
    <message>
        <source>Checked
(failed)</source>
        <translation>抽查
（未核实）</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>负责网格</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>全所合计</translation>
    </message>
    <message>
        <source>{households:,} households, {visits:,} visits, {visited:,} households visited ({coverage:.1%}).</source>
        <translation>全所 {households:,} 户，走访 {visits:,} 次，已走访 {visited:,} 户（覆盖率 {coverage:.1%}）。</translation>
    </message>
    <message>
        <source>Disputes: {new} new, {resolved} resolved, {open} open at month end ({hard} orange or red). Overdue: follow-up visits {followups}, key persons {key}.</source>
        <translation>矛盾纠纷：新发 {new} 起，化解 {resolved} 起，月末未化解 {open} 起（橙色、红色 {hard} 起）。逾期：回访 {followups} 起，重点人员 {key} 人。</translation>
    </message>
    <message>
        <source>Spot checks: {checked} visits called back, {confirmed} confirmed, {failed} not confirmed, {unreachable} unreachable. Task lists: {done} of {target} households ({progress}).</source>
        <translation>暗访抽查：回访核查走访 {checked} 次，已核实 {confirmed} 次，未核实 {failed} 次，无法联系 {unreachable} 次。任务清单：目标 {target} 户，已走访 {done} 户（{progress}）。</translation>
    </message>
    <message>
        <source>{station} community policing bulletin, {month}</source>
        <translation>{station} {month} 社区警务工作通报</translation>
    </message>
    <message>
        <source>Month {month} (Beijing time) · ranked by visit coverage, then fewer open orange and red disputes · printed {date}</source>
        <translation>统计月份 {month}（北京时间） · 按走访覆盖率排名，覆盖率相同的月末未化解橙色、红色纠纷少者在前 · 打印于 {date}</translation>
    </message>
    <message>
        <source>page {number} of {count}</source>
        <translation>第 {number} 页，共 {count} 页</translation>
    </message>
    <message>
        <source>Grid ranking</source>
        <translation>网格排名</translation>
    </message>
    <message>
        <source>Grid ranking, continued</source>
        <translation>网格排名（续）</translation>
    </message>
    <message>
        <source>Officer ranking (all his grids together)</source>
        <translation>民警排名（所负责网格合计）</translation>
    </message>
    <message>
        <source>{heading}, continued</source>
        <translation>{heading}（续）</translation>
    </message>
    <message>
        <source>Monthly bulletin {month}</source>
        <translation>每月通报 {month}</translation>
    </message>
    <message>
        <source>Counts only: this bulletin names no resident</source>
        <translation>本通报仅含统计数字，不含任何居民个人信息</translation>
    </message>
    <message>
        <source>Visit coverage by grid</source>
        <translation>各网格走访覆盖率</translation>
    </message>
    <message>
        <source>The station has no grids to show.</source>
        <translation>本所尚无网格可显示。</translation>
    </message>
    <message>
        <source>Households visited in the month (number of grids)</source>
        <translation>本月已走访户数占比（网格数）</translation>
    </message>
    <message>
        <source>{low:.0%}–{high:.0%} ({count})</source>
        <translation>{low:.0%}–{high:.0%}（{count}）</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新发</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>化解</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未化解</translation>
    </message>
    <message>
        <source>Disputes by grade: new, resolved and open at month end</source>
        <translation>矛盾纠纷分级：新发、化解与月末未化解</translation>
    </message>
</context>
<context>
    <name>Canceled</name>
    <message>
        <source>canceled by the user; nothing was saved</source>
        <translation>用户已取消，未保存任何内容</translation>
    </message>
</context>
<context>
    <name>ConflictError</name>
    <message>
        <source>layer &apos;{layer}&apos;, record {record}: changed by someone else meanwhile (you edited version {expected}, it is now version {actual}); reload and edit again</source>
        <translation>图层“{layer}”记录 {record}：期间已被他人修改（您编辑的是第 {expected} 版，现为第 {actual} 版）；请重新加载后再编辑</translation>
    </message>
</context>
<context>
    <name>ControlPointFileError</name>
    <message>
        <source>{path}, line {line}: {reason}</source>
        <translation>{path} 第 {line} 行：{reason}</translation>
    </message>
</context>
<context>
    <name>ControlPointOutsideError</name>
    <message>
        <source>sketch &apos;{title}&apos;: control point {point} is at pixel ({x:.0f}, {y:.0f}), outside the {width} x {height} photo</source>
        <translation>手绘图“{title}”：控制点 {point} 位于像素 ({x:.0f}, {y:.0f})，超出了 {width} × {height} 的照片范围</translation>
    </message>
</context>
<context>
    <name>ControlPointTable</name>
    <message>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Sketch x (px)</source>
        <translation>手绘图 X（像素）</translation>
    </message>
    <message>
        <source>Sketch y (px)</source>
        <translation>手绘图 Y（像素）</translation>
    </message>
    <message>
        <source>Easting (m)</source>
        <translation>东坐标（米）</translation>
    </message>
    <message>
        <source>Northing (m)</source>
        <translation>北坐标（米）</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>参与</translation>
    </message>
    <message>
        <source>Residual (m)</source>
        <translation>残差（米）</translation>
    </message>
    <message>
        <source>Left-out error (m)</source>
        <translation>留一误差（米）</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Set aside by auto as a likely mistake; tick to use it again</source>
        <translation>自动拟合认为此点很可能点错，暂未使用；勾选即可重新使用</translation>
    </message>
</context>
<context>
    <name>DashboardDock</name>
    <message>
        <source>Counting...</source>
        <translation>正在统计...</translation>
    </message>
    <message>
        <source>Grid {code} {name} · {officer}</source>
        <translation>网格 {code} {name} · {officer}</translation>
    </message>
    <message>
        <source>Officer {name}</source>
        <translation>民警 {name}</translation>
    </message>
    <message>
        <source>Whole station</source>
        <translation>全所</translation>
    </message>
    <message>
        <source>{share:.0%} ({visited:,} of {households:,} households)</source>
        <translation>{share:.0%}（{households:,} 户中 {visited:,} 户）</translation>
    </message>
    <message>
        <source>¥{amount:,.0f}</source>
        <translation>{amount:,.0f} 元</translation>
    </message>
    <message>
        <source>no task list</source>
        <translation>未下达任务</translation>
    </message>
    <message>
        <source>{share:.0%} ({visited:,} of {target:,} households)</source>
        <translation>{share:.0%}（目标 {target:,} 户，已走访 {visited:,} 户）</translation>
    </message>
    <message>
        <source>{checked:,} called back: {confirmed:,} confirmed, {failed:,} not confirmed</source>
        <translation>回访核查 {checked:,} 次：已核实 {confirmed:,}，未核实 {failed:,}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>未下达</translation>
    </message>
    <message>
        <source>Jan</source>
        <translation>1月</translation>
    </message>
    <message>
        <source>Feb</source>
        <translation>2月</translation>
    </message>
    <message>
        <source>Mar</source>
        <translation>3月</translation>
    </message>
    <message>
        <source>Apr</source>
        <translation>4月</translation>
    </message>
    <message>
        <source>May</source>
        <translation>5月</translation>
    </message>
    <message>
        <source>Jun</source>
        <translation>6月</translation>
    </message>
    <message>
        <source>Jul</source>
        <translation>7月</translation>
    </message>
    <message>
        <source>Aug</source>
        <translation>8月</translation>
    </message>
    <message>
        <source>Sep</source>
        <translation>9月</translation>
    </message>
    <message>
        <source>Oct</source>
        <translation>10月</translation>
    </message>
    <message>
        <source>Nov</source>
        <translation>11月</translation>
    </message>
    <message>
        <source>Dec</source>
        <translation>12月</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>工作看板</translation>
    </message>
    <message>
        <source>Visit coverage</source>
        <translation>走访覆盖率</translation>
    </message>
    <message>
        <source>Task list this month</source>
        <translation>本月任务完成</translation>
    </message>
    <message>
        <source>Spot checks this month</source>
        <translation>本月暗访抽查</translation>
    </message>
    <message>
        <source>Key persons overdue</source>
        <translation>重点人员逾期未访</translation>
    </message>
    <message>
        <source>Follow-ups overdue</source>
        <translation>回访逾期</translation>
    </message>
    <message>
        <source>Anti-fraud app installed</source>
        <translation>反诈APP安装率</translation>
    </message>
    <message>
        <source>Losses prevented (6 months)</source>
        <translation>挽回损失（近6个月）</translation>
    </message>
    <message>
        <source>Median days to resolve</source>
        <translation>化解用时中位数（天）</translation>
    </message>
    <message>
        <source>Households visited within their cycle, by grid (click a bar, or a grid on the map, to choose it)</source>
        <translation>各网格周期内已走访户数占比（点击柱条或地图上的网格即可选中）</translation>
    </message>
    <message>
        <source>Task list this month: households visited of the target, by grid</source>
        <translation>各网格本月任务完成率（已走访户数 / 目标户数）</translation>
    </message>
    <message>
        <source>Visits per week, by grid</source>
        <translation>各网格每周走访次数</translation>
    </message>
    <message>
        <source>Disputes by grade per month</source>
        <translation>每月矛盾纠纷（按等级）</translation>
    </message>
    <message>
        <source>Reported</source>
        <translation>新发现</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已化解</translation>
    </message>
    <message>
        <source>Open at month end</source>
        <translation>月末未化解</translation>
    </message>
</context>
<context>
    <name>DatabaseUnreachableError</name>
    <message>
        <source>{path}: cannot connect to the database ({reason})</source>
        <translation>{path}：无法连接数据库（{reason}）</translation>
    </message>
</context>
<context>
    <name>DatabaseUrlError</name>
    <message>
        <source>{path}: not a valid database URL ({reason})</source>
        <translation>{path}：不是有效的数据库地址（{reason}）</translation>
    </message>
</context>
<context>
    <name>DisconnectedNetworkNotice</name>
    <message>
        <source>the road network falls apart into {pieces} pieces that no road joins ({detached_m:.0f} m of road outside the largest); stops on another piece than the start cannot be reached by road</source>
        <translation>路网断为 {pieces} 片，互不相连（最大一片之外还有 {detached_m:.0f} 米道路）；与起点不在同一片的走访点无法经道路到达</translation>
    </message>
</context>
<context>
    <name>DisputeForm</name>
    <message>
        <source>Log dispute at No. {house_no}</source>
        <translation>登记矛盾纠纷（{house_no}号）</translation>
    </message>
    <message>
        <source>Choose a grade</source>
        <translation>请选择等级</translation>
    </message>
    <message>
        <source>Choose a kind</source>
        <translation>请选择纠纷类型</translation>
    </message>
    <message>
        <source>house numbers, e.g. 12、15</source>
        <translation>门牌号，如 12、15</translation>
    </message>
</context>
<context>
    <name>DisputePanel</name>
    <message>
        <source>{title}: {value}</source>
        <translation>{title}：{value}</translation>
    </message>
    <message>
        <source>✓ yes</source>
        <translation>✓ 是</translation>
    </message>
    <message>
        <source>✗ no</source>
        <translation>✗ 否</translation>
    </message>
    <message>
        <source>No. {house_no}</source>
        <translation>{house_no} 号</translation>
    </message>
    <message>
        <source>Households of the parties: {numbers}</source>
        <translation>当事各方住户：{numbers}</translation>
    </message>
</context>
<context>
    <name>DisputeWithoutHouseholdError</name>
    <message>
        <source>dispute {dispute} names no household, so its follow-up cannot be logged as a visit; link the dispute to a household, or record the follow-up on the dispute alone</source>
        <translation>纠纷 {dispute} 未关联住户，回访无法登记为走访记录；请将纠纷关联到住户，或只在纠纷中记录回访</translation>
    </message>
</context>
<context>
    <name>EmptyRegisterError</name>
    <message>
        <source>{path}: the file has a header row but no data rows below it; nothing was imported</source>
        <translation>{path}：文件只有表头行，下面没有数据行；未导入任何内容</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Writing {file}...</source>
        <translation>正在写入 {file}...</translation>
    </message>
    <message>
        <source>Not exported</source>
        <translation>未导出</translation>
    </message>
    <message>
        <source>This project has no satellite imagery; add it with File → Add satellite imagery</source>
        <translation>本项目还没有卫星影像；请用“文件 → 添加卫星影像”添加</translation>
    </message>
    <message>
        <source>Only the web map carries the imagery</source>
        <translation>只有网页地图能带上影像</translation>
    </message>
    <message>
        <source>The imagery under the map, as one picture inside the page (a few megabytes)</source>
        <translation>地图下面的影像，作为页面里的一张图片（几兆字节）</translation>
    </message>
    <message>
        <source>Full personal details</source>
        <translation>完整个人信息</translation>
    </message>
    <message>
        <source>The file will hold residents&apos; full names, phone numbers and ID numbers. Write it only for someone entitled to them, and do not pass it on. Write it?</source>
        <translation>文件将包含居民的完整姓名、电话和身份证号。只可提供给有权查看的人，不得外传。确定导出吗？</translation>
    </message>
    <message>
        <source>Kind of file</source>
        <translation>文件类型</translation>
    </message>
    <message>
        <source>Web map for any browser, no internet needed (.html)</source>
        <translation>网页地图，任意浏览器打开，无需联网（.html）</translation>
    </message>
    <message>
        <source>Excel workbook: households, visits, disputes, grids (.xlsx)</source>
        <translation>Excel 工作簿：住户、走访、纠纷、网格（.xlsx）</translation>
    </message>
    <message>
        <source>GeoPackage for QGIS and other GIS (.gpkg)</source>
        <translation>GeoPackage，供 QGIS 等 GIS 软件使用（.gpkg）</translation>
    </message>
    <message>
        <source>Shapefiles for older GIS, in one .zip</source>
        <translation>Shapefile，供旧版 GIS 软件使用，打包为一个 .zip</translation>
    </message>
    <message>
        <source>GeoJSON of the households (.geojson)</source>
        <translation>住户 GeoJSON（.geojson）</translation>
    </message>
    <message>
        <source>Full names, phone and ID numbers (otherwise masked)</source>
        <translation>包含完整姓名、电话和身份证号（否则脱敏）</translation>
    </message>
    <message>
        <source>Satellite imagery</source>
        <translation>卫星影像</translation>
    </message>
    <message>
        <source>Names are written as 张*华 and phones as 138****1234 unless full details are ticked; ID numbers are left out.</source>
        <translation>除非勾选完整信息，姓名写作 张*华，电话写作 138****1234，身份证号不导出。</translation>
    </message>
</context>
<context>
    <name>ExportFailedError</name>
    <message>
        <source>{path}: the export was not written ({reason})</source>
        <translation>{path}：未能导出（{reason}）</translation>
    </message>
</context>
<context>
    <name>Feedback</name>
    <message>
        <source>generating villages, households, visits and disputes</source>
        <translation>正在生成村庄、住户、走访和纠纷</translation>
    </message>
    <message>
        <source>drawing the hand-drawn sketch of the demo village</source>
        <translation>正在绘制演示村庄的手绘网格图</translation>
    </message>
    <message>
        <source>writing {layer} ({count:,} records)</source>
        <translation>正在写入{layer}（{count:,} 条记录）</translation>
    </message>
    <message>
        <source>printing a grid sheet, marking it in the field and reading its photo back</source>
        <translation>正在打印网格图纸、模拟外业标注并读回照片</translation>
    </message>
    <message>
        <source>checking {rows:,} rows</source>
        <translation>正在检查 {rows:,} 行</translation>
    </message>
    <message>
        <source>indexing {layer}</source>
        <translation>正在为{layer}建立索引</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Unresolved</source>
        <translation>未化解</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>民警</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Visit status</source>
        <translation>走访状态</translation>
    </message>
    <message>
        <source>Key person</source>
        <translation>重点人员</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
</context>
<context>
    <name>GeoreferenceFit</name>
    <message>
        <source>No control points yet: click a place on the sketch, then the same place on the map.</source>
        <translation>还没有控制点：先在手绘图上点击一个位置，再在地图上点击同一位置。</translation>
    </message>
    <message>
        <source>No fit yet: {problem}</source>
        <translation>尚无法拟合：{problem}</translation>
    </message>
    <message>
        <source>Method: {method} · RMSE {rmse:.2f} m · left-out RMSE {loo:.2f} m</source>
        <translation>方法：{method} · 均方根误差 {rmse:.2f} 米 · 留一均方根误差 {loo:.2f} 米</translation>
    </message>
    <message>
        <source>The left-out error is the honest figure: how far a house between control points may be off. A spline&apos;s residuals are always zero.</source>
        <translation>留一误差才是可信的精度：控制点之间的房子可能偏差多少。样条变换的残差总是零，不能说明精度。</translation>
    </message>
    <message>
        <source>Auto chose {method}: it has the lowest left-out error.</source>
        <translation>自动选择了 {method}：它的留一误差最小。</translation>
    </message>
    <message>
        <source>Point {number} was set aside by auto as a likely mistake.</source>
        <translation>点 {number} 很可能点错，自动拟合暂时未用它。</translation>
    </message>
    <message>
        <source>Point {number} looks wrong: left out it is off by {loo:.1f} m; without it the left-out RMSE falls to {without:.1f} m.</source>
        <translation>点 {number} 疑似有误：去掉它时偏差 {loo:.1f} 米；不用它，留一均方根误差降至 {without:.1f} 米。</translation>
    </message>
    <message>
        <source>{metres:.2f} m</source>
        <translation>{metres:.2f} 米</translation>
    </message>
    <message>
        <source>{count} control points; dashed circles on the sketch show where a new one helps most.</source>
        <translation>共 {count} 个控制点；手绘图上的虚线圆圈是最值得加点的位置。</translation>
    </message>
    <message>
        <source>set aside by auto: {why}; tick Used to put it back</source>
        <translation>自动拟合暂未使用此点：{why}；勾选“参与”即可重新使用</translation>
    </message>
    <message>
        <source>probably clicked at the wrong place (a neighbour&apos;s house, another crossroads) or given the wrong map position: left out it is off by {loo:.1f} m</source>
        <translation>可能点错了位置（邻居家、另一个路口）或地图位置有误：去掉它时偏差 {loo:.1f} 米</translation>
    </message>
</context>
<context>
    <name>GeoreferencerWindow</name>
    <message>
        <source>Georeference — {title}</source>
        <translation>手绘图配准 — {title}</translation>
    </message>
    <message>
        <source>Control points</source>
        <translation>控制点</translation>
    </message>
    <message>
        <source>Place households</source>
        <translation>标注住户</translation>
    </message>
    <message>
        <source>Draw grid outline</source>
        <translation>绘制网格边界</translation>
    </message>
    <message>
        <source>Delete point</source>
        <translation>删除控制点</translation>
    </message>
    <message>
        <source> Method: </source>
        <translation> 方法：</translation>
    </message>
    <message>
        <source>auto (lowest left-out error)</source>
        <translation>自动（留一误差最小）</translation>
    </message>
    <message>
        <source>Sketch over map</source>
        <translation>叠加手绘图</translation>
    </message>
    <message>
        <source>Distortion</source>
        <translation>变形</translation>
    </message>
    <message>
        <source>Red: drawn smaller than the rest of the sketch (squeezed); blue: drawn larger (stretched)</source>
        <translation>红色：比手绘图其他部分画得小（压缩）；蓝色：画得大（拉伸）</translation>
    </message>
    <message>
        <source>Where to click next</source>
        <translation>建议加点位置</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Import control points…</source>
        <translation>导入控制点…</translation>
    </message>
    <message>
        <source>Export control points…</source>
        <translation>导出控制点…</translation>
    </message>
    <message>
        <source>Save georeferenced sketch…</source>
        <translation>保存配准后的手绘图…</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>拟合</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Refit with {method}</source>
        <translation>改用 {method} 拟合</translation>
    </message>
    <message>
        <source>Click the corners of a grid&apos;s boundary on the sketch; Enter to finish, Esc to start again</source>
        <translation>在手绘图上依次点击网格边界的拐点；回车完成，Esc 重画</translation>
    </message>
    <message>
        <source>Click the house of the highlighted household on the sketch; N/P step through the list</source>
        <translation>在手绘图上点击高亮住户的房子；N/P 键切换上一户/下一户</translation>
    </message>
    <message>
        <source>Now click the same place on the map</source>
        <translation>现在在地图上点击同一位置</translation>
    </message>
    <message>
        <source>Now click the same place on the sketch</source>
        <translation>现在在手绘图上点击同一位置</translation>
    </message>
    <message>
        <source>Click a place you can find on both: on the sketch, then on the map (or the other way)</source>
        <translation>点击两边都能找到的地方：先点手绘图，再点地图（顺序可反）</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Add control point {number}</source>
        <translation>添加控制点 {number}</translation>
    </message>
    <message>
        <source>Edit control point {n}</source>
        <translation>修改控制点 {n}</translation>
    </message>
    <message>
        <source>Move control point {n} on the sketch</source>
        <translation>在手绘图上移动控制点 {n}</translation>
    </message>
    <message>
        <source>House {house_no}: {head_name} (already placed; drag to move it)</source>
        <translation>{house_no}号：{head_name}（已标注；拖动可移动）</translation>
    </message>
    <message>
        <source>Move control point {n} on the map</source>
        <translation>在地图上移动控制点 {n}</translation>
    </message>
    <message>
        <source>Put back control point {n}</source>
        <translation>重新使用控制点 {n}</translation>
    </message>
    <message>
        <source>Add control points first: the sketch is not on the map yet</source>
        <translation>请先添加控制点：手绘图还没有配准到地图上</translation>
    </message>
    <message>
        <source>New household</source>
        <translation>新建住户</translation>
    </message>
    <message>
        <source>House number (门牌号):</source>
        <translation>门牌号：</translation>
    </message>
    <message>
        <source>Head of household (户主):</source>
        <translation>户主姓名：</translation>
    </message>
    <message>
        <source>Grid outline</source>
        <translation>网格边界</translation>
    </message>
    <message>
        <source>This is the boundary of:</source>
        <translation>这是以下网格的边界：</translation>
    </message>
    <message>
        <source>Import control points</source>
        <translation>导入控制点</translation>
    </message>
    <message>
        <source>Import {count} control points</source>
        <translation>导入 {count} 个控制点</translation>
    </message>
    <message>
        <source>Export control points</source>
        <translation>导出控制点</translation>
    </message>
    <message>
        <source>Save georeferenced sketch</source>
        <translation>保存配准后的手绘图</translation>
    </message>
    <message>
        <source>Warping the sketch…</source>
        <translation>正在纠正手绘图…</translation>
    </message>
</context>
<context>
    <name>GradeGuidance</name>
    <message>
        <source>Green: minor (a quarrel, a small debt); the grid officer settles it on the spot or within days.</source>
        <translation>绿色：一般小矛盾（口角、小额欠款），网格民警当场或几天内化解。</translation>
    </message>
    <message>
        <source>Yellow: ordinary; the village mediation committee settles it within about two weeks, the officer follows it.</source>
        <translation>黄色：普通纠纷，村调委会约两周内调解，民警跟进。</translation>
    </message>
    <message>
        <source>Orange: complex or recurring (land, inheritance, several families); township joint mediation, report to the station.</source>
        <translation>橙色：复杂或反复的纠纷（土地、继承、涉及多户），乡镇联合调解，报派出所。</translation>
    </message>
    <message>
        <source>Red: serious, may turn violent or draw in many people; tell the station chief at once, county joint mediation, watched daily.</source>
        <translation>红色：重大纠纷，可能引发暴力或群体事件；立即报告所长，县级联合调解，每日关注。</translation>
    </message>
</context>
<context>
    <name>GridForm</name>
    <message>
        <source>{where}: a value is required.</source>
        <translation>{where}：必须填写。</translation>
    </message>
    <message>
        <source>{where}: {code} is already the code of row {row} ({name}); each grid needs its own code.</source>
        <translation>{where}：{code} 已是第 {row} 行（{name}）的编号；每个网格的编号不能重复。</translation>
    </message>
    <message>
        <source>{where}: every grid has a named community officer. Add them under Officers first if they are not listed.</source>
        <translation>{where}：每个网格都要有指定的社区民警。如果名单里没有，请先在“警员”中添加。</translation>
    </message>
    <message>
        <source>New grid</source>
        <translation>新网格</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Edit grid</source>
        <translation>修改网格</translation>
    </message>
    <message>
        <source>&amp;Code</source>
        <translation>编号(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Village</source>
        <translation>村(&amp;V)</translation>
    </message>
    <message>
        <source>Community &amp;officer</source>
        <translation>社区民警(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Auxiliary</source>
        <translation>辅警(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Visit every</source>
        <translation>走访周期(&amp;V)</translation>
    </message>
    <message>
        <source>Monthly visit &amp;target</source>
        <translation>每月走访任务(&amp;T)</translation>
    </message>
    <message>
        <source>e.g. YH-03</source>
        <translation>例如 YH-03</translation>
    </message>
    <message>
        <source>e.g. 犁铧嘴村一组</source>
        <translation>例如 犁铧嘴村一组</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source> households</source>
        <translation> 户</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>无任务</translation>
    </message>
</context>
<context>
    <name>GridOutliner</name>
    <message>
        <source>Nothing of this station is on the map yet to draw a grid on. Add its satellite imagery (File → Add satellite imagery) or import its roads or households (File → Import) first.</source>
        <translation>地图上还没有本所的任何内容，无法画网格。请先添加卫星影像（文件 → 添加卫星影像），或导入道路、住户（文件 → 导入）。</translation>
    </message>
    <message>
        <source>Double-click or Enter finishes, Backspace removes the last corner, Esc cancels.</source>
        <translation>双击或按回车结束，退格键删除上一个点，Esc 取消。</translation>
    </message>
    <message>
        <source>Click the corners of grid {code}&apos;s outline. {keys}</source>
        <translation>依次单击网格 {code} 边界的各个拐点。{keys}</translation>
    </message>
    <message>
        <source>Click the corners of the new grid {code}&apos;s outline. {keys}</source>
        <translation>依次单击新网格 {code} 边界的各个拐点。{keys}</translation>
    </message>
    <message>
        <source>Click the corners of a grid&apos;s outline; you choose the grid when it is drawn. {keys}</source>
        <translation>依次单击网格边界的各个拐点；画完后再选择是哪个网格。{keys}</translation>
    </message>
    <message>
        <source>The outline crosses itself: take back corners with Backspace, or press Esc and draw it again.</source>
        <translation>边界自相交叉：用退格键撤回拐点，或按 Esc 重画。</translation>
    </message>
    <message>
        <source>A new grid...</source>
        <translation>新建网格...</translation>
    </message>
    <message>
        <source>Grid outline</source>
        <translation>网格边界</translation>
    </message>
    <message>
        <source>This is the outline of:</source>
        <translation>这是哪个网格的边界：</translation>
    </message>
</context>
<context>
    <name>HouseholdCard</name>
    <message>
        <source>Log &amp;visit…</source>
        <translation>登记走访(&amp;V)…</translation>
    </message>
    <message>
        <source>Log &amp;dispute…</source>
        <translation>登记纠纷(&amp;D)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>This household is no longer in the project.</source>
        <translation>该住户已不在项目中。</translation>
    </message>
    <message>
        <source>Household No. {house_no} — {head_name}</source>
        <translation>住户 {house_no}号 — {head_name}</translation>
    </message>
    <message>
        <source>{title}: {value}</source>
        <translation>{title}：{value}</translation>
    </message>
    <message>
        <source>No. {house_no}   {head_name}</source>
        <translation>{house_no}号   {head_name}</translation>
    </message>
    <message>
        <source>Not in any grid</source>
        <translation>未划入任何网格</translation>
    </message>
    <message>
        <source>Grid {code} {name} · officer {officer} · visit every {days} days</source>
        <translation>网格 {code} {name} · 社区民警 {officer} · 每 {days} 天走访一次</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>National anti-fraud app (国家反诈中心APP) installed</source>
        <translation>已安装国家反诈中心APP</translation>
    </message>
    <message>
        <source>National anti-fraud app (国家反诈中心APP) not installed</source>
        <translation>未安装国家反诈中心APP</translation>
    </message>
    <message>
        <source>Civil surveillance camera (民防监控) installed</source>
        <translation>已安装民防监控</translation>
    </message>
    <message>
        <source>No civil surveillance camera (民防监控)</source>
        <translation>未安装民防监控</translation>
    </message>
    <message>
        <source>Last visits: {shown} of {total}</source>
        <translation>最近走访：显示 {shown} 次，共 {total} 次</translation>
    </message>
    <message>
        <source>Visits: none yet</source>
        <translation>走访：暂无记录</translation>
    </message>
    <message>
        <source>Disputes: {open} open, {total} in all</source>
        <translation>矛盾纠纷：未化解 {open} 件，共 {total} 件</translation>
    </message>
    <message>
        <source>Disputes: none</source>
        <translation>矛盾纠纷：无</translation>
    </message>
    <message>
        <source>Log visit to No. {house_no}</source>
        <translation>登记走访（{house_no}号）</translation>
    </message>
    <message>
        <source>Log dispute at No. {house_no}</source>
        <translation>登记矛盾纠纷（{house_no}号）</translation>
    </message>
    <message>
        <source>Mediator:</source>
        <translation>调解人：</translation>
    </message>
    <message>
        <source>Was a mediation agreement signed?</source>
        <translation>是否签订了调解协议书？</translation>
    </message>
    <message>
        <source>Hand this dispute up to the next level of joint mediation (village, township, county)?</source>
        <translation>将该纠纷上报上一级联合调解（村级、乡镇级、县级）吗？</translation>
    </message>
    <message>
        <source>What the parties said:</source>
        <translation>回访情况（当事人反映）：</translation>
    </message>
    <message>
        <source>{step}: dispute at No. {house_no}</source>
        <translation>{step}：{house_no} 号的纠纷</translation>
    </message>
</context>
<context>
    <name>HouseholdForm</name>
    <message>
        <source>New household</source>
        <translation>新增住户</translation>
    </message>
    <message>
        <source>Outside every grid</source>
        <translation>不在任何网格内</translation>
    </message>
</context>
<context>
    <name>ImageryFileError</name>
    <message>
        <source>{path}: cannot add this imagery ({reason})</source>
        <translation>{path}：无法添加此影像（{reason}）</translation>
    </message>
</context>
<context>
    <name>ImageryNameTakenError</name>
    <message>
        <source>{path}: the project already has imagery or a layer named &apos;{name}&apos;; choose another name</source>
        <translation>{path}：项目中已有名为“{name}”的影像或图层；请换一个名称</translation>
    </message>
</context>
<context>
    <name>ImageryNeedsGeoPackageError</name>
    <message>
        <source>{location}: imagery is kept only in a GeoPackage project (.gpkg), not in a shared database; add it to the station&apos;s own project file or to an offline copy</source>
        <translation>{location}：影像只能存入 GeoPackage 项目（.gpkg），不能存入共享数据库；请添加到本所自己的项目文件或离线副本中</translation>
    </message>
</context>
<context>
    <name>ImageryReadError</name>
    <message>
        <source>{path}: the imagery &apos;{name}&apos; cannot be shown ({reason})</source>
        <translation>{path}：影像“{name}”无法显示（{reason}）</translation>
    </message>
</context>
<context>
    <name>ImageryWriteError</name>
    <message>
        <source>{path}: the imagery was not added ({reason}); the project is unchanged</source>
        <translation>{path}：影像未添加（{reason}）；项目没有改变</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Checking {file}...</source>
        <translation>正在检查 {file}...</translation>
    </message>
    <message>
        <source>Import the {valid:,} valid rows</source>
        <translation>导入 {valid:,} 行有效数据</translation>
    </message>
    <message>
        <source>{rows:,} rows under the header on row {header}{where}; {bad:,} with problems.</source>
        <translation>表头在第 {header} 行{where}，其下共 {rows:,} 行；其中 {bad:,} 行有问题。</translation>
    </message>
    <message>
        <source>, sheet {sheet}</source>
        <translation>（工作表 {sheet}）</translation>
    </message>
    <message>
        <source>, read as {encoding}</source>
        <translation>（按 {encoding} 编码读取）</translation>
    </message>
    <message>
        <source>No column for: {fields}. Map one of the columns to it.</source>
        <translation>缺少以下字段的列：{fields}。请把文件中的某一列对应到该字段。</translation>
    </message>
    <message>
        <source>Registers and map files ({patterns})</source>
        <translation>登记表和地图文件（{patterns}）</translation>
    </message>
    <message>
        <source>Choose a file: households, visits and disputes from an Excel workbook (.xlsx) or a CSV file (UTF-8 or GBK); grids, roads and landmarks from a Shapefile, GeoPackage, GeoJSON, KML, GPX or OpenStreetMap extract (.osm.pbf); officers from a workbook.</source>
        <translation>请选择文件：住户、走访和纠纷来自 Excel 工作簿（.xlsx）或 CSV 文件（UTF-8 或 GBK）；网格、道路和地标来自 Shapefile、GeoPackage、GeoJSON、KML、GPX 或 OpenStreetMap 数据（.osm.pbf）；警员来自工作簿。</translation>
    </message>
    <message>
        <source>{count:,} households lie outside every grid: rows {rows}.</source>
        <translation>{count:,} 户不在任何网格内：第 {rows} 行。</translation>
    </message>
    <message>
        <source>{count:,} households have no position; they wait in the locate queue.</source>
        <translation>{count:,} 户没有位置，将列入尚未上图的住户名单。</translation>
    </message>
    <message>
        <source>The first {shown:,} of {count:,} problems are listed.</source>
        <translation>共 {count:,} 个问题，只列出前 {shown:,} 个。</translation>
    </message>
    <message>
        <source>{rows:,} features, coordinates in {system}{where}; {bad:,} with problems.</source>
        <translation>{rows:,} 个要素，坐标系 {system}{where}；{bad:,} 个有问题。</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>Check again with these columns</source>
        <translation>按这些列重新检查</translation>
    </message>
    <message>
        <source>Importing {file}...</source>
        <translation>正在导入 {file}...</translation>
    </message>
    <message>
        <source>Import {file} into {layer}</source>
        <translation>将 {file} 导入{layer}</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>{count:,} records imported into {layer}.</source>
        <translation>已向{layer}导入 {count:,} 条记录。</translation>
    </message>
    <message>
        <source>Import into the project</source>
        <translation>导入项目</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择...</translation>
    </message>
    <message>
        <source>It holds</source>
        <translation>文件内容</translation>
    </message>
    <message>
        <source>Coordinates in</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <source>Households (住户登记)</source>
        <translation>住户登记</translation>
    </message>
    <message>
        <source>Visits (走访记录)</source>
        <translation>走访记录</translation>
    </message>
    <message>
        <source>Disputes (矛盾纠纷台账)</source>
        <translation>矛盾纠纷台账</translation>
    </message>
    <message>
        <source>Officers (警员名单)</source>
        <translation>警员（警员名单）</translation>
    </message>
    <message>
        <source>Grids (网格边界)</source>
        <translation>网格（网格边界）</translation>
    </message>
    <message>
        <source>Roads (道路)</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>Landmarks (地标)</source>
        <translation>地标</translation>
    </message>
    <message>
        <source>As the file says (WGS84 for a spreadsheet)</source>
        <translation>按文件自带的坐标系（表格为 WGS84）</translation>
    </message>
    <message>
        <source>WGS84 (GPS)</source>
        <translation>WGS84（GPS）</translation>
    </message>
    <message>
        <source>CGCS2000</source>
        <translation>CGCS2000（2000国家大地坐标系）</translation>
    </message>
    <message>
        <source>GCJ-02 (Amap, Tencent maps)</source>
        <translation>GCJ-02（高德、腾讯地图）</translation>
    </message>
    <message>
        <source>BD-09 (Baidu maps)</source>
        <translation>BD-09（百度地图）</translation>
    </message>
    <message>
        <source>Columns of the file and the field each goes to</source>
        <translation>文件各列及其对应字段</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Rows or features with problems (nothing is written while you look)</source>
        <translation>有问题的行或要素（查看期间不会写入任何内容）</translation>
    </message>
    <message>
        <source>Import all</source>
        <translation>全部导入</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Row / feature</source>
        <translation>行 / 要素</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ImportFileError</name>
    <message>
        <source>{path}: cannot read the file ({reason})</source>
        <translation>{path}：无法读取文件（{reason}）</translation>
    </message>
</context>
<context>
    <name>ImportProblem</name>
    <message>
        <source>not a number</source>
        <translation>不是数字</translation>
    </message>
    <message>
        <source>not a whole number</source>
        <translation>不是整数</translation>
    </message>
    <message>
        <source>must be at least {minimum}</source>
        <translation>不能小于 {minimum}</translation>
    </message>
    <message>
        <source>no such date</source>
        <translation>日期不存在</translation>
    </message>
    <message>
        <source>not a date; write it as 2026-03-05, 2026/3/5 or 2026年3月5日</source>
        <translation>不是日期；请写成 2026-03-05、2026/3/5 或 2026年3月5日</translation>
    </message>
    <message>
        <source>not yes or no (是/否)</source>
        <translation>不是“是”或“否”</translation>
    </message>
    <message>
        <source>not one of: {allowed}</source>
        <translation>应为以下之一：{allowed}</translation>
    </message>
    <message>
        <source>not a coordinate (degrees such as 105.9012, or 105°54&apos;4&quot;)</source>
        <translation>不是坐标（应为度数，如 105.9012 或 105°54&apos;4&quot;）</translation>
    </message>
    <message>
        <source>longitude and latitude must be given together</source>
        <translation>经度和纬度必须同时填写</translation>
    </message>
    <message>
        <source>outside China in {system}; is the coordinate system right (wgs84, gcj02, bd09, EPSG:n)?</source>
        <translation>按 {system} 坐标系位于中国境外；请检查坐标系是否选对（wgs84、gcj02、bd09、EPSG:n）</translation>
    </message>
    <message>
        <source>a value is required</source>
        <translation>必须填写</translation>
    </message>
    <message>
        <source>no grid of the project has this code or name</source>
        <translation>项目中没有此编号或名称的网格</translation>
    </message>
    <message>
        <source>name the household: a house number or the head&apos;s name</source>
        <translation>请写明住户：门牌号或户主姓名</translation>
    </message>
    <message>
        <source>matches no household of the project</source>
        <translation>项目中没有与之对应的住户</translation>
    </message>
    <message>
        <source>matches {count} households; add the grid, village or head&apos;s name to tell them apart</source>
        <translation>对应到 {count} 户；请补充网格、村名或户主姓名加以区分</translation>
    </message>
    <message>
        <source>no location: give longitude and latitude, or a household that has a position</source>
        <translation>没有位置：请填写经纬度，或填写已有位置的住户</translation>
    </message>
    <message>
        <source>not a mobile number (11 digits from 13 to 19) or a landline with area code (0953-8012345)</source>
        <translation>不是手机号码（以 13 至 19 开头的 11 位数字），也不是带区号的固定电话（如 0953-8012345）</translation>
    </message>
    <message>
        <source>not an 18-character resident ID number</source>
        <translation>不是 18 位居民身份证号码</translation>
    </message>
    <message>
        <source>the check digit is wrong (a mistyped digit, or an ID stored as a number in Excel, which loses the last digits)</source>
        <translation>校验位不对（可能输错了一位，或身份证号在 Excel 中存成了数字，末几位已丢失）</translation>
    </message>
    <message>
        <source>the birth date in the ID number does not exist</source>
        <translation>身份证号中的出生日期不存在</translation>
    </message>
    <message>
        <source>house number already on row {first} in the same grid</source>
        <translation>同一网格中该门牌号已在第 {first} 行出现</translation>
    </message>
    <message>
        <source>the project already has this house number in the same grid</source>
        <translation>项目中同一网格已有该门牌号</translation>
    </message>
    <message>
        <source>the feature has no coordinates</source>
        <translation>该要素没有坐标</translation>
    </message>
    <message>
        <source>a grid is an area (polygon); this feature is a {found}</source>
        <translation>网格应是一个面（多边形）；该要素是 {found}</translation>
    </message>
    <message>
        <source>a road is a line; this feature is a {found}</source>
        <translation>道路应是一条线；该要素是 {found}</translation>
    </message>
    <message>
        <source>a landmark is a point or an area; this feature is a {found}</source>
        <translation>地标应是一个点或一个面；该要素是 {found}</translation>
    </message>
    <message>
        <source>the outline has {parts} separate parts; a grid is one area, split it into grids</source>
        <translation>边界分成 {parts} 块；一个网格只能是一块，请拆成几个网格</translation>
    </message>
    <message>
        <source>the outline crosses itself and cannot be repaired as one area</source>
        <translation>边界自相交叉，无法修复成一块</translation>
    </message>
    <message>
        <source>lies at {lon:.4f}, {lat:.4f}, outside China: the file is not in {system}; give its system</source>
        <translation>位于 {lon:.4f}, {lat:.4f}，在中国境外：文件的坐标系不是 {system}；请指定正确的坐标系</translation>
    </message>
    <message>
        <source>grid code repeated from feature {first}</source>
        <translation>网格编号与第 {first} 个要素重复</translation>
    </message>
    <message>
        <source>the project already has a grid with this code</source>
        <translation>项目中已有这个编号的网格</translation>
    </message>
    <message>
        <source>already in the project (was the file imported before?)</source>
        <translation>项目中已有（这个文件以前导入过吗？）</translation>
    </message>
</context>
<context>
    <name>ImportRefusedError</name>
    <message>
        <source>{path}: {count} row(s) with problems, nothing was imported; first: {first}. Correct the file, or import only the valid rows</source>
        <translation>{path}：{count} 行有问题，未导入任何内容；前几处问题：{first}。请修改文件，或只导入没有问题的行</translation>
    </message>
</context>
<context>
    <name>ImportReport</name>
    <message>
        <source>feature {row}, {column} {value!r}: {reason}</source>
        <translation>第 {row} 个要素，{column} {value!r}：{reason}</translation>
    </message>
    <message>
        <source>row {row}, {column} {value!r}: {reason}</source>
        <translation>第 {row} 行，{column} {value!r}：{reason}</translation>
    </message>
    <message>
        <source>{where}: {rows} features, coordinates in {system}</source>
        <translation>{where}：{rows} 个要素，坐标系 {system}</translation>
    </message>
    <message>
        <source>{where}: header on row {header}, {rows} data rows</source>
        <translation>{where}：表头在第 {header} 行，数据 {rows} 行</translation>
    </message>
    <message>
        <source>text encoding: {encoding}</source>
        <translation>文本编码：{encoding}</translation>
    </message>
    <message>
        <source>columns placed: {columns}</source>
        <translation>已识别的列：{columns}</translation>
    </message>
    <message>
        <source>columns not placed (ignored): {columns}</source>
        <translation>未识别的列（已忽略）：{columns}</translation>
    </message>
    <message>
        <source>column {header} is a second {target}; ignored</source>
        <translation>列 {header} 与 {target} 重复，已忽略</translation>
    </message>
    <message>
        <source>no column for: {fields}</source>
        <translation>缺少以下列：{fields}</translation>
    </message>
    <message>
        <source>{valid} features valid, {bad} features with problems</source>
        <translation>{valid} 个要素有效，{bad} 个要素有问题</translation>
    </message>
    <message>
        <source>{valid} rows valid, {bad} rows with problems</source>
        <translation>有效 {valid} 行，有问题 {bad} 行</translation>
    </message>
    <message>
        <source>  ... and {more} more problems</source>
        <translation>  ……另有 {more} 个问题</translation>
    </message>
    <message>
        <source>outside every grid ({count}):</source>
        <translation>不在任何网格内（{count} 户）：</translation>
    </message>
    <message>
        <source>without coordinates, for the locate queue ({count}):</source>
        <translation>没有坐标，进入待定位队列（{count} 户）：</translation>
    </message>
    <message>
        <source>row {row} ({label})</source>
        <translation>第 {row} 行（{label}）</translation>
    </message>
    <message>
        <source>latitude and longitude were swapped in {count} row(s) and have been swapped back: rows {rows}</source>
        <translation>{count} 行的经纬度填反了，已对调改正：第 {rows} 行</translation>
    </message>
    <message>
        <source>coordinates read as {system} and converted to CGCS2000 (EPSG:4490)</source>
        <translation>坐标按 {system} 读取，已转换为 CGCS2000（EPSG:4490）</translation>
    </message>
    <message>
        <source>{count} dispute kind(s) not in the list were stored as 其他 (other), the word kept in the summary</source>
        <translation>{count} 条纠纷的类型不在列表中，已记为“其他”，原类型写入简要情况</translation>
    </message>
    <message>
        <source>{count} outline(s) crossed themselves and were repaired</source>
        <translation>{count} 个边界自相交叉，已修复</translation>
    </message>
    <message>
        <source>{count} grid(s) have no officer yet: name them under Station → Officers and grids</source>
        <translation>{count} 个网格还没有民警：请在“派出所 → 民警和网格”中指定</translation>
    </message>
    <message>
        <source>{count} people without a role imported as community officers</source>
        <translation>{count} 人没有职务，按社区民警导入</translation>
    </message>
    <message>
        <source>the file gives no road kind: {count} roads imported as lanes</source>
        <translation>文件中没有道路类型：{count} 条道路按巷道导入</translation>
    </message>
    <message>
        <source>{count} landmark kind(s) told from the name (清真寺, 小学...)</source>
        <translation>{count} 个地标按名称判断了类型（清真寺、小学……）</translation>
    </message>
    <message>
        <source>{count} landmark(s) of no listed kind stored as 其他 (other)</source>
        <translation>{count} 个地标不属于已有类型，存为“其他”</translation>
    </message>
</context>
<context>
    <name>IntegrityError</name>
    <message>
        <source>layer &apos;{layer}&apos;: {reason}; nothing was saved</source>
        <translation>图层“{layer}”：{reason}；未保存任何内容</translation>
    </message>
</context>
<context>
    <name>InvalidControlPointsError</name>
    <message>
        <source>{method}: {reason}</source>
        <translation>{method}：{reason}</translation>
    </message>
</context>
<context>
    <name>InvalidMonthError</name>
    <message>
        <source>&apos;{given}&apos; is not a month; write it as YYYY-MM, e.g. 2026-11</source>
        <translation>“{given}”不是月份；请写成 YYYY-MM，如 2026-11</translation>
    </message>
</context>
<context>
    <name>InvalidPolicyError</name>
    <message>
        <source>setting &apos;{setting}&apos;, {code}: {value!r} is not a number of days; give a whole number from {fewest} to {most}</source>
        <translation>设置“{setting}”中 {code}：{value!r} 不是有效天数；请填写 {fewest} 至 {most} 之间的整数</translation>
    </message>
</context>
<context>
    <name>InvalidTransitionError</name>
    <message>
        <source>dispute {dispute} is {status} at {level} level: it cannot {action} ({reason}); allowed next: {allowed}</source>
        <translation>纠纷 {dispute}：调解层级 {level}，状态 {status}，不能执行 {action}（{reason}）；可进行的下一步：{allowed}</translation>
    </message>
</context>
<context>
    <name>InvalidValueError</name>
    <message>
        <source>layer &apos;{layer}&apos;, record {record}, field &apos;{field}&apos;: {reason} (value: {value!r})</source>
        <translation>图层“{layer}”记录 {record} 字段“{field}”：{reason}（值：{value!r}）</translation>
    </message>
</context>
<context>
    <name>InvalidWeekError</name>
    <message>
        <source>&apos;{given}&apos; is not a week; write it as an ISO week YYYY-Www, e.g. 2026-W47</source>
        <translation>“{given}”不是有效的周；请按 ISO 周写作 YYYY-Www，例如 2026-W47</translation>
    </message>
</context>
<context>
    <name>LayerUnreadableError</name>
    <message>
        <source>{location}: layer &apos;{layer}&apos; cannot be read ({reason}); it is left out of the map and tables</source>
        <translation>{location}：图层“{layer}”无法读取（{reason}）；地图和属性表中将不显示该图层</translation>
    </message>
</context>
<context>
    <name>LayersPanel</name>
    <message>
        <source>By visit recency</source>
        <translation>按走访状态</translation>
    </message>
    <message>
        <source>Plain</source>
        <translation>单一符号</translation>
    </message>
    <message>
        <source>All disputes, resolved ones hollow</source>
        <translation>全部纠纷（已化解显示为空心）</translation>
    </message>
    <message>
        <source>Open only</source>
        <translation>仅未化解</translation>
    </message>
    <message>
        <source>Imagery: {name}</source>
        <translation>影像：{name}</translation>
    </message>
    <message>
        <source>Hand-drawn sketch</source>
        <translation>手绘图</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Roads</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>Landmarks</source>
        <translation>地标</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>矛盾纠纷</translation>
    </message>
    <message>
        <source>Grids shaded by visits in cycle, with open disputes; zoom in for households</source>
        <translation>网格按周期内走访比例着色，并标出未化解纠纷数；放大可见各户</translation>
    </message>
    <message>
        <source>Villages shaded by visits in cycle in their grids, with open disputes; zoom in for grids</source>
        <translation>行政村按其网格周期内走访比例着色，并标出未化解纠纷数；放大可见各网格</translation>
    </message>
    <message>
        <source>Townships shaded by visits in cycle in their grids, with open disputes; zoom in for villages</source>
        <translation>乡镇按其网格周期内走访比例着色，并标出未化解纠纷数；放大可见各行政村</translation>
    </message>
    <message>
        <source>Zoom in to see single households: each cell shows the most common visit status</source>
        <translation>放大可查看单户：每个方格显示其中最常见的走访状态</translation>
    </message>
    <message>
        <source>Zoom in to see single disputes: each cell shows the hardest grade in it</source>
        <translation>放大可查看单起纠纷：每个方格显示其中最难化解的等级</translation>
    </message>
    <message>
        <source>Resolved disputes are shown when you zoom in</source>
        <translation>放大后显示已化解的纠纷</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
</context>
<context>
    <name>LocateQueue</name>
    <message>
        <source>Households not yet on the map: pick one, click its house on the sketch (N/P or Down/Up to step)</source>
        <translation>尚未上图的住户：选中一户，在手绘图上点击它的房子（N/P 或上下键切换）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Wangge</source>
        <translation>Wangge 网格</translation>
    </message>
    <message>
        <source>Open a project file (.gpkg) or drop one here</source>
        <translation>打开项目文件（.gpkg），或将文件拖到此处</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Assessment</source>
        <translation>考核(&amp;A)</translation>
    </message>
    <message>
        <source>Daily &amp;spot check...</source>
        <translation>每日暗访抽查(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Audit log...</source>
        <translation>审计日志(&amp;A)...</translation>
    </message>
    <message>
        <source>Station &amp;rules: visit cycles and follow-ups...</source>
        <translation>本所规则：走访周期与回访期限(&amp;R)...</translation>
    </message>
    <message>
        <source>&amp;Station</source>
        <translation>派出所(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Officers and grids...</source>
        <translation>民警和网格(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Draw a grid outline on the map</source>
        <translation>在地图上画网格边界(&amp;D)</translation>
    </message>
    <message>
        <source>Your &amp;name for the audit log...</source>
        <translation>设置本人姓名（用于审计日志）(&amp;N)...</translation>
    </message>
    <message>
        <source>&amp;New station project...</source>
        <translation>新建派出所项目(&amp;N)...</translation>
    </message>
    <message>
        <source>&amp;Open project...</source>
        <translation>打开项目(&amp;O)...</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Print grid maps...</source>
        <translation>打印网格图(&amp;P)...</translation>
    </message>
    <message>
        <source>&amp;Import...</source>
        <translation>导入(&amp;I)...</translation>
    </message>
    <message>
        <source>&amp;Export for other people and GIS...</source>
        <translation>导出（供他人或 GIS 软件使用）(&amp;E)...</translation>
    </message>
    <message>
        <source>&amp;Add a photographed sketch...</source>
        <translation>添加手绘图照片(&amp;A)...</translation>
    </message>
    <message>
        <source>Add satellite &amp;imagery...</source>
        <translation>添加卫星影像(&amp;I)...</translation>
    </message>
    <message>
        <source>&amp;Read a marked sheet...</source>
        <translation>读取外业标注图页(&amp;R)...</translation>
    </message>
    <message>
        <source>Marks &amp;waiting for a decision...</source>
        <translation>待处理的外业标记(&amp;W)...</translation>
    </message>
    <message>
        <source>&amp;Georeference a sketch and place households...</source>
        <translation>手绘图配准与住户标注(&amp;G)...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Find household...</source>
        <translation>查找住户(&amp;F)...</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Zoom to &amp;whole station</source>
        <translation>缩放至全所范围(&amp;W)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Identify household at centre</source>
        <translation>查看地图中心的住户(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Layers and legend</source>
        <translation>图层与图例</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Reading {location}...</source>
        <translation>正在读取 {location}...</translation>
    </message>
    <message>
        <source>House no., name or phone</source>
        <translation>门牌号、户主或电话</translation>
    </message>
    <message>
        <source>Part of the project could not be read</source>
        <translation>项目部分内容无法读取</translation>
    </message>
    <message>
        <source>Open a station project (File → Open) or start a new one (File → New)</source>
        <translation>请打开一个派出所项目（文件 → 打开），或新建一个（文件 → 新建）</translation>
    </message>
    <message>
        <source>Nothing of this station is on the map yet. Import its grids, roads and household register (File → Import), or add its satellite imagery (File → Add satellite imagery).</source>
        <translation>地图上还没有本所的任何内容。请导入网格、道路和住户登记表（文件 → 导入），或添加卫星影像（文件 → 添加卫星影像）。</translation>
    </message>
    <message>
        <source>Wangge — {station} — {file}</source>
        <translation>Wangge 网格 — {station} — {file}</translation>
    </message>
    <message>
        <source>{title} (read-only)</source>
        <translation>{title}（只读）</translation>
    </message>
    <message>
        <source>Reading what to print...</source>
        <translation>正在读取要打印的内容…</translation>
    </message>
    <message>
        <source>Cannot print</source>
        <translation>无法打印</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>本人姓名</translation>
    </message>
    <message>
        <source>Your name, as the audit log records who made each change:</source>
        <translation>您的姓名（审计日志以此记录每次修改的操作人）：</translation>
    </message>
    <message>
        <source>No sketch</source>
        <translation>没有手绘图</translation>
    </message>
    <message>
        <source>This project has no photographed sketch to georeference yet: add one with File → Add a photographed sketch.</source>
        <translation>本项目还没有可配准的手绘图照片：请通过“文件 → 添加手绘图照片”添加。</translation>
    </message>
    <message>
        <source>Georeference</source>
        <translation>配准</translation>
    </message>
    <message>
        <source>Sketch:</source>
        <translation>手绘图：</translation>
    </message>
    <message>
        <source>Cannot georeference</source>
        <translation>无法配准</translation>
    </message>
    <message>
        <source>{households} households ({overdue} overdue, {never} never visited) · {visits} visits · {disputes} disputes, {open} unresolved</source>
        <translation>{households} 户（逾期未访 {overdue} 户，从未走访 {never} 户）· 走访 {visits} 次 · 矛盾纠纷 {disputes} 件，未化解 {open} 件</translation>
    </message>
    <message>
        <source>Searching for “{text}”...</source>
        <translation>正在查找“{text}”…</translation>
    </message>
    <message>
        <source>No household matches “{text}”</source>
        <translation>没有与“{text}”匹配的住户</translation>
    </message>
    <message>
        <source>No household here</source>
        <translation>此处没有住户</translation>
    </message>
    <message>
        <source>Scale 1:{scale:,.0f}</source>
        <translation>比例尺 1:{scale:,.0f}</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>MarkEdits</name>
    <message>
        <source>Read marked sheet {name}</source>
        <translation>读取外业标注图页 {name}</translation>
    </message>
    <message>
        <source>New household {house_no} from mark {number}</source>
        <translation>按标记 {number} 新增住户（{house_no}号）</translation>
    </message>
    <message>
        <source>Move household {house_no} to mark {number}</source>
        <translation>把住户（{house_no}号）移到标记 {number}</translation>
    </message>
    <message>
        <source>Log visit to No. {house_no} from mark {number}</source>
        <translation>按标记 {number} 登记走访（{house_no}号）</translation>
    </message>
    <message>
        <source>Log dispute at No. {house_no} from mark {number}</source>
        <translation>按标记 {number} 登记矛盾纠纷（{house_no}号）</translation>
    </message>
    <message>
        <source>Dismiss mark {number}</source>
        <translation>忽略标记 {number}</translation>
    </message>
</context>
<context>
    <name>MarksTable</name>
    <message>
        <source>No. {house_no} · {distance:.0f} m</source>
        <translation>{house_no}号 · {distance:.0f} 米</translation>
    </message>
    <message>
        <source>household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>dispute</source>
        <translation>纠纷</translation>
    </message>
    <message>
        <source>{status}: {record}</source>
        <translation>{status}：{record}</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>图页</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>Size (mm)</source>
        <translation>大小（毫米）</translation>
    </message>
    <message>
        <source>Nearest household</source>
        <translation>最近住户</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>MissingColumnsError</name>
    <message>
        <source>{path}: no column for {fields}; rename the column or map it (the file&apos;s columns: {headers})</source>
        <translation>{path}：没有对应 {fields} 的列；请修改列名或手动指定对应关系（文件中的列：{headers}）</translation>
    </message>
</context>
<context>
    <name>MonthNotBegunError</name>
    <message>
        <source>{month} has not begun yet (today is {today} in Beijing)</source>
        <translation>{month} 尚未开始（北京时间今天是 {today}）</translation>
    </message>
</context>
<context>
    <name>NameTakenOptionError</name>
    <message>
        <source>{path}: the project already has imagery or a layer named &apos;{name}&apos;; choose another name (--name)</source>
        <translation>{path}：项目中已有名为“{name}”的影像或图层；请换一个名称（--name）</translation>
    </message>
</context>
<context>
    <name>NewStationWizard</name>
    <message>
        <source>Not created</source>
        <translation>未新建</translation>
    </message>
    <message>
        <source>New station project</source>
        <translation>新建派出所项目</translation>
    </message>
</context>
<context>
    <name>NoCoordinateSystemError</name>
    <message>
        <source>{path}: the file does not say its coordinate system (a Shapefile needs its .prj); choose it, e.g. EPSG:4490</source>
        <translation>{path}：文件没有说明坐标系（Shapefile 需要 .prj 文件）；请选择坐标系，例如 EPSG:4490</translation>
    </message>
</context>
<context>
    <name>NoCrsGivenError</name>
    <message>
        <source>{path}: the file does not say its coordinate system (a Shapefile needs its .prj); give it, e.g. --crs EPSG:4490</source>
        <translation>{path}：文件没有说明坐标系（Shapefile 需要 .prj 文件）；请指定，例如 --crs EPSG:4490</translation>
    </message>
</context>
<context>
    <name>NoFeaturesError</name>
    <message>
        <source>{path}: {reason}; nothing was imported</source>
        <translation>{path}：{reason}；未导入任何内容</translation>
    </message>
</context>
<context>
    <name>NoHeaderRowError</name>
    <message>
        <source>{path}: the first {rows} rows are empty; the file needs a header row such as {examples}</source>
        <translation>{path}：前 {rows} 行都是空行；文件需要一行表头，例如 {examples}</translation>
    </message>
</context>
<context>
    <name>NoPoliceOfficeError</name>
    <message>
        <source>{location}: no police office landmark to start from; add one (kind police_office) or choose another place to start</source>
        <translation>{location}：没有可作为起点的警务室地标；请添加一个（类型 police_office），或另选一个起点</translation>
    </message>
</context>
<context>
    <name>NoRoadsGivenNotice</name>
    <message>
        <source>no road network: distances are straight lines, so the real way is longer; give the roads with --roads FILE for a route along them</source>
        <translation>没有路网：距离按直线计算，实际路程更长；用 --roads FILE 指定道路文件后可沿道路规划路线</translation>
    </message>
</context>
<context>
    <name>NoStartGivenError</name>
    <message>
        <source>{location}: no police office landmark to start from; add one (kind police_office) or give --start with a landmark id or LON,LAT</source>
        <translation>{location}：没有可作为起点的警务室地标；请添加一个（类型 police_office），或用 --start 指定起点（地标编号或 经度,纬度）</translation>
    </message>
</context>
<context>
    <name>NoStationAreaError</name>
    <message>
        <source>{path}: the project has no grids, households or imagery yet to say where the station is, so a county&apos;s extract cannot be clipped to it; import the grids or add imagery first</source>
        <translation>{path}：项目中还没有网格、住户或影像来确定本所的位置，无法从全县数据中裁出本所范围；请先导入网格或添加影像</translation>
    </message>
</context>
<context>
    <name>NoStopsError</name>
    <message>
        <source>there are no stops to visit: {reason}</source>
        <translation>没有需要走访的点：{reason}</translation>
    </message>
</context>
<context>
    <name>NoSuchFolderError</name>
    <message>
        <source>{path}: the folder {folder} does not exist; create it first or choose another place</source>
        <translation>{path}：文件夹 {folder} 不存在；请先创建它，或换一个位置</translation>
    </message>
</context>
<context>
    <name>NotAMapFileError</name>
    <message>
        <source>{path}: {layer} are lines or outlines, which a spreadsheet cannot hold; import a Shapefile, GeoPackage, GeoJSON, KML, GPX or OSM file</source>
        <translation>{path}：{layer} 是线或面，表格装不下；请导入 Shapefile、GeoPackage、GeoJSON、KML、GPX 或 OSM 文件</translation>
    </message>
</context>
<context>
    <name>NotAProjectError</name>
    <message>
        <source>{path}: not a Wangge project ({reason})</source>
        <translation>{path}：不是 Wangge 项目文件（{reason}）</translation>
    </message>
</context>
<context>
    <name>OfficerForm</name>
    <message>
        <source>{where}: a name is required.</source>
        <translation>{where}：必须填写姓名。</translation>
    </message>
    <message>
        <source>{where}: {name} is already listed in row {other}. Grids name their people by name, so each person is listed once.</source>
        <translation>{where}：{name} 已在第 {other} 行。网格按姓名指定人员，所以每人只能列一次。</translation>
    </message>
    <message>
        <source>{where}: “{phone}” is neither a mobile number (11 digits, 1…) nor a landline with its area code (0953-…).</source>
        <translation>{where}：“{phone}”既不是手机号（11 位，1 开头），也不是带区号的固定电话（0953-……）。</translation>
    </message>
    <message>
        <source>New officer</source>
        <translation>新增警员</translation>
    </message>
    <message>
        <source>Officers</source>
        <translation>警员</translation>
    </message>
    <message>
        <source>Edit officer</source>
        <translation>修改警员</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>职务(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>电话(&amp;P)</translation>
    </message>
    <message>
        <source>e.g. 13895012345 or 0953-8012345</source>
        <translation>例如 13895012345 或 0953-8012345</translation>
    </message>
</context>
<context>
    <name>OutlineTool</name>
    <message>
        <source>An outline needs at least three corners: click on the map to add them.</source>
        <translation>边界至少要有三个拐点：请在地图上单击添加。</translation>
    </message>
</context>
<context>
    <name>OutsideStationError</name>
    <message>
        <source>{path}: no {layer} of this extract lie within the station&apos;s area ({area}); is it the extract of this county?</source>
        <translation>{path}：这份数据中没有位于本所范围（{area}）内的{layer}；是本县的数据吗？</translation>
    </message>
</context>
<context>
    <name>PartyHouseholdError</name>
    <message>
        <source>party No. {house_no}: {reason}</source>
        <translation>当事人 {house_no} 号：{reason}</translation>
    </message>
</context>
<context>
    <name>PermissionDeniedError</name>
    <message>
        <source>layer &apos;{layer}&apos;, record {record}: {user} may not make this change ({reason}); nothing was saved</source>
        <translation>图层“{layer}”记录 {record}：{user} 无权进行此修改（{reason}）；未保存任何内容</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>{count} page(s)</source>
        <translation>共 {count} 页</translation>
    </message>
    <message>
        <source>Reading what to print...</source>
        <translation>正在读取要打印的内容…</translation>
    </message>
    <message>
        <source>Cannot print</source>
        <translation>无法打印</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <source>Printing {file}...</source>
        <translation>正在打印 {file}...</translation>
    </message>
    <message>
        <source>Not printed</source>
        <translation>未打印</translation>
    </message>
    <message>
        <source>Print grid maps</source>
        <translation>打印网格图</translation>
    </message>
    <message>
        <source>Whole station (atlas)</source>
        <translation>全所（图册）</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <source>Hand-drawn sketch under the map</source>
        <translation>在地图下方叠加手绘图</translation>
    </message>
    <message>
        <source>Satellite imagery</source>
        <translation>卫星影像</translation>
    </message>
    <message>
        <source>The project&apos;s satellite imagery under the map</source>
        <translation>把项目的卫星影像放在地图下面</translation>
    </message>
    <message>
        <source>This project has no satellite imagery; add it with File → Add satellite imagery</source>
        <translation>本项目还没有卫星影像；请用“文件 → 添加卫星影像”添加</translation>
    </message>
    <message>
        <source>Print names and phone numbers in full</source>
        <translation>打印完整姓名和电话</translation>
    </message>
    <message>
        <source>Paper leaves the station: print personal details only when the task requires it</source>
        <translation>纸质图会带出派出所：仅在工作确需时打印个人信息</translation>
    </message>
    <message>
        <source>Print to PDF...</source>
        <translation>打印为 PDF...</translation>
    </message>
    <message>
        <source>This project is read-only: its printed sheets are not registered, so photos of them cannot be read back.</source>
        <translation>此项目为只读：打印的图纸不会登记，拍照后无法读回。</translation>
    </message>
</context>
<context>
    <name>PrintError</name>
    <message>
        <source>{path}: cannot print ({reason})</source>
        <translation>{path}：无法打印（{reason}）</translation>
    </message>
</context>
<context>
    <name>PrintLayout</name>
    <message>
        <source>Contains residents&apos; personal information in full: keep it safe and destroy after use</source>
        <translation>含居民完整个人信息：请妥善保管，用后销毁</translation>
    </message>
    <message>
        <source>Residents&apos; names and phone numbers are masked; ID numbers are never printed</source>
        <translation>居民姓名和电话已脱敏，身份证号不打印</translation>
    </message>
    <message>
        <source>Scale 1:{scale}</source>
        <translation>比例尺 1:{scale}</translation>
    </message>
    <message>
        <source>N</source>
        <translation>北</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>住户名单</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>门牌号</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Pers.</source>
        <translation>人口</translation>
    </message>
    <message>
        <source>Key person</source>
        <translation>重点关注</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>最近走访</translation>
    </message>
</context>
<context>
    <name>ProjectExistsError</name>
    <message>
        <source>{path} already exists; choose another file name or delete it first</source>
        <translation>{path} 已存在；请换一个文件名或先删除它</translation>
    </message>
</context>
<context>
    <name>ReadOnlyProjectError</name>
    <message>
        <source>{path} is read-only (write-protected file, folder or disk), so nothing can be changed in it; to edit, copy it to a folder you can write to and open the copy</source>
        <translation>{path} 是只读的（文件、文件夹或磁盘受写保护），不能在其中做任何修改；如需编辑，请把它复制到可以写入的文件夹，再打开副本</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>Required: {fields}</source>
        <translation>必填：{fields}</translation>
    </message>
</context>
<context>
    <name>RecordNotFoundError</name>
    <message>
        <source>layer &apos;{layer}&apos; has no record with id {record}</source>
        <translation>图层“{layer}”中没有标识为 {record} 的记录</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>Edit {field} of {record}</source>
        <translation>修改 {record} 的{field}</translation>
    </message>
</context>
<context>
    <name>ReferenceLayers</name>
    <message>
        <source>Reference map</source>
        <translation>参考图</translation>
    </message>
    <message>
        <source>What the map on the right shows to click against</source>
        <translation>右边参考图上显示哪些内容供对照点选</translation>
    </message>
    <message>
        <source>Satellite imagery</source>
        <translation>卫星影像</translation>
    </message>
    <message>
        <source>The project&apos;s satellite imagery: click a roof or a field corner</source>
        <translation>项目的卫星影像：可以点房顶或地块拐角</translation>
    </message>
    <message>
        <source>This project has no satellite imagery; add it with File → Add satellite imagery</source>
        <translation>本项目还没有卫星影像；请用“文件 → 添加卫星影像”添加</translation>
    </message>
    <message>
        <source>Roads and landmarks</source>
        <translation>道路和地标</translation>
    </message>
    <message>
        <source>GPS points</source>
        <translation>GPS 点</translation>
    </message>
    <message>
        <source>Households located by GPS or imported with their coordinates</source>
        <translation>用 GPS 定位或随坐标导入的住户</translation>
    </message>
    <message>
        <source>Other georeferenced sketches</source>
        <translation>其他已配准的手绘图</translation>
    </message>
</context>
<context>
    <name>RoadFileError</name>
    <message>
        <source>{path}: cannot use it as the road network ({reason})</source>
        <translation>{path}：不能用作路网（{reason}）</translation>
    </message>
</context>
<context>
    <name>RouteError</name>
    <message>
        <source>cannot plan the route: {reason}</source>
        <translation>无法规划路线：{reason}</translation>
    </message>
</context>
<context>
    <name>RouteNotice</name>
    <message>
        <source>{detail}</source>
        <translation>{detail}</translation>
    </message>
</context>
<context>
    <name>RoutePlannerDock</name>
    <message>
        <source>Whole station</source>
        <translation>全所</translation>
    </message>
    <message>
        <source>Police office of the grids</source>
        <translation>网格所属警务室</translation>
    </message>
    <message>
        <source>{count} picked</source>
        <translation>已选 {count} 户</translation>
    </message>
    <message>
        <source>Planning the route...</source>
        <translation>正在规划路线...</translation>
    </message>
    <message>
        <source>Cannot plan the route</source>
        <translation>无法规划路线</translation>
    </message>
    <message>
        <source>Day {day}</source>
        <translation>第 {day} 天</translation>
    </message>
    <message>
        <source>Change the route weights</source>
        <translation>修改路线权重</translation>
    </message>
    <message>
        <source>No route planned yet.</source>
        <translation>尚未规划路线。</translation>
    </message>
    <message>
        <source>{stops} stops, {km:.1f} km, {hours:.1f} h with visits; back at {back}.</source>
        <translation>{stops} 个走访点，{km:.1f} 公里，含走访共 {hours:.1f} 小时；约 {back} 返回。</translation>
    </message>
    <message>
        <source>{count} left out: {names}</source>
        <translation>{count} 个走访点未排入：{names}</translation>
    </message>
    <message>
        <source>Export route as GPX</source>
        <translation>将路线导出为 GPX</translation>
    </message>
    <message>
        <source>Not exported</source>
        <translation>未导出</translation>
    </message>
    <message>
        <source>Print route sheet</source>
        <translation>打印走访路线单</translation>
    </message>
    <message>
        <source>Printing {file}...</source>
        <translation>正在打印 {file}...</translation>
    </message>
    <message>
        <source>Not printed</source>
        <translation>未打印</translation>
    </message>
    <message>
        <source>Route plan</source>
        <translation>走访路线规划</translation>
    </message>
    <message>
        <source>Who and how</source>
        <translation>规划条件</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路线</translation>
    </message>
    <message>
        <source>Grids of</source>
        <translation>网格范围</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Split over</source>
        <translation>分配方式</translation>
    </message>
    <message>
        <source>Days to plan</source>
        <translation>规划天数</translation>
    </message>
    <message>
        <source>Start and end</source>
        <translation>起点和终点</translation>
    </message>
    <message>
        <source>Travel</source>
        <translation>出行方式</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Minutes per household</source>
        <translation>每户用时（分钟）</translation>
    </message>
    <message>
        <source>Length of the day</source>
        <translation>当天时长</translation>
    </message>
    <message>
        <source>days</source>
        <translation>按天</translation>
    </message>
    <message>
        <source>officers</source>
        <translation>按民警</translation>
    </message>
    <message>
        <source>Driving</source>
        <translation>驾车</translation>
    </message>
    <message>
        <source>Walking</source>
        <translation>步行</translation>
    </message>
    <message>
        <source>limit</source>
        <translation>限时</translation>
    </message>
    <message>
        <source>Who to reach, by weight (0: not at all)</source>
        <translation>走访对象及权重（0 表示不安排）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Pick households on the map</source>
        <translation>在地图上选取住户</translation>
    </message>
    <message>
        <source>Plan the route</source>
        <translation>规划路线</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Arrive</source>
        <translation>到达</translation>
    </message>
    <message>
        <source>Export GPX...</source>
        <translation>导出 GPX...</translation>
    </message>
    <message>
        <source>Print route sheet...</source>
        <translation>打印走访路线单...</translation>
    </message>
</context>
<context>
    <name>RouteSheet</name>
    <message>
        <source>{who} visit route {day}</source>
        <translation>{who} 走访路线 {day}</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>{hours} h {minutes:02d} min</source>
        <translation>{hours} 小时 {minutes:02d} 分钟</translation>
    </message>
    <message>
        <source>{metres} m</source>
        <translation>{metres} 米</translation>
    </message>
    <message>
        <source>{km:.1f} km</source>
        <translation>{km:.1f} 公里</translation>
    </message>
    <message>
        <source>no time limit</source>
        <translation>不限时</translation>
    </message>
    <message>
        <source>a day of {hours:g} h</source>
        <translation>当天限时 {hours:g} 小时</translation>
    </message>
    <message>
        <source>{km:.1f} km, {travel} on the road, {count} stops · from {start}, leaving {leaves}, back about {back} · {speed:g} km/h, {service:g} min a stop, {budget}</source>
        <translation>全程 {km:.1f} 公里，路上 {travel}，{count} 个走访点 · {leaves} 从{start}出发，约 {back} 返回 · 时速 {speed:g} 公里，每点停留 {service:g} 分钟，{budget}</translation>
    </message>
    <message>
        <source>Day {number} of {count}</source>
        <translation>第 {number} 天（共 {count} 天）</translation>
    </message>
    <message>
        <source>Route {number} of {count}, from {start}</source>
        <translation>第 {number}/{count} 条路线，从{start}出发</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Visited √</source>
        <translation>已走访 √</translation>
    </message>
    <message>
        <source>House no.</source>
        <translation>门牌号</translation>
    </message>
    <message>
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Why visit</source>
        <translation>走访事由</translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation>到达时间</translation>
    </message>
    <message>
        <source>From previous</source>
        <translation>距上一点</translation>
    </message>
    <message>
        <source>back at the start</source>
        <translation>返回起点</translation>
    </message>
    <message>
        <source>end</source>
        <translation>终点</translation>
    </message>
    <message>
        <source>Left out ({reason}), {count}:</source>
        <translation>未排入（{reason}）{count} 处：</translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation>等，另有 {count} 处</translation>
    </message>
    <message>
        <source>{heading}, continued</source>
        <translation>{heading}（续）</translation>
    </message>
    <message>
        <source>Stops in visiting order</source>
        <translation>走访点（按走访顺序）</translation>
    </message>
    <message>
        <source>start and end: {place}</source>
        <translation>起点和终点：{place}</translation>
    </message>
    <message>
        <source>start: {place}</source>
        <translation>起点：{place}</translation>
    </message>
    <message>
        <source>stop, numbered in visiting order</source>
        <translation>走访点（按走访顺序编号）</translation>
    </message>
    <message>
        <source>direction of travel</source>
        <translation>行进方向</translation>
    </message>
</context>
<context>
    <name>RulesFileError</name>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path}：{reason}</translation>
    </message>
</context>
<context>
    <name>SchemaTooNewError</name>
    <message>
        <source>{path}: the project was saved by a newer Wangge (schema version {found}, this app knows up to {supported}); update Wangge to open it</source>
        <translation>{path}：该项目由更新版本的 Wangge 保存（结构版本 {found}，本程序最高支持 {supported}）；请升级 Wangge 后再打开</translation>
    </message>
</context>
<context>
    <name>SheetPanel</name>
    <message>
        <source>Paper not flat: positions may be off by about {mm:.0f} mm.</source>
        <translation>纸面不平：位置可能偏差约 {mm:.0f} 毫米。</translation>
    </message>
    <message>
        <source>Whole page</source>
        <translation>整页</translation>
    </message>
    <message>
        <source>Show photo on the map</source>
        <translation>在地图上显示照片</translation>
    </message>
</context>
<context>
    <name>SheetPhotoError</name>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path}：{reason}</translation>
    </message>
</context>
<context>
    <name>SheetReader</name>
    <message>
        <source>The project keeps no photo of this sheet.</source>
        <translation>项目中没有保存这张图页的照片。</translation>
    </message>
    <message>
        <source>Not shown: reading the photo was canceled.</source>
        <translation>未显示：已取消读取照片。</translation>
    </message>
    <message>
        <source>Reading the photo of {name}...</source>
        <translation>正在读取照片 {name}...</translation>
    </message>
    <message>
        <source>Reading {name}...</source>
        <translation>正在读取 {name}...</translation>
    </message>
    <message numerus="yes">
        <source>Reading {name} (%n more after it)...</source>
        <translation>
            <numerusform>正在读取 {name}（之后还有 %n 张）...</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SheetReviewDialog</name>
    <message numerus="yes">
        <source>%n new mark(s) proposed</source>
        <translation>
            <numerusform>新提出 %n 处标记</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mark(s) were read before</source>
        <translation>
            <numerusform>%n 处标记此前已读取</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Waiting for a decision: %n mark(s)</source>
        <translation>
            <numerusform>待处理：%n 处标记</numerusform>
        </translation>
    </message>
    <message>
        <source>Marks from earlier readings that still wait for a decision. Read photos of marked sheets to add more.</source>
        <translation>以前读取、尚待处理的标记。读取更多外业标注图页的照片可继续添加。</translation>
    </message>
    <message>
        <source>No mark waits for a decision. Read photos of marked sheets: each pen mark found on them is proposed here.</source>
        <translation>没有待处理的标记。读取外业标注图页的照片后，照片上找到的每处笔迹标记都会列在这里。</translation>
    </message>
    <message numerus="yes">
        <source>%n new mark(s) proposed from this photo.</source>
        <translation>
            <numerusform>这张照片新提出 %n 处标记。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mark(s) were read before and are not proposed again.</source>
        <translation>
            <numerusform>%n 处标记此前已读取，不再重复提出。</numerusform>
        </translation>
    </message>
    <message>
        <source>overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>{grid} p. {page} ({day})</source>
        <translation>{grid} 第{page}页（{day}）</translation>
    </message>
    <message>
        <source>Grid {grid}, page {page}</source>
        <translation>网格 {grid} 第 {page} 页</translation>
    </message>
    <message>
        <source>No. {house_no} {head_name} · {distance:.0f} m</source>
        <translation>{house_no}号 {head_name} · {distance:.0f} 米</translation>
    </message>
    <message>
        <source>Choose a household nearby</source>
        <translation>选择附近的住户</translation>
    </message>
    <message>
        <source>No household within {metres:.0f} m</source>
        <translation>{metres:.0f} 米内没有住户</translation>
    </message>
    <message>
        <source>Choose a photo or a mark to see it on its sheet.</source>
        <translation>选择一张照片或一处标记，即可在图页上查看。</translation>
    </message>
    <message>
        <source>Reading the photo of this sheet...</source>
        <translation>正在读取这张图页的照片...</translation>
    </message>
    <message>
        <source>The photo of this sheet is shown once the job running has finished.</source>
        <translation>当前任务完成后再显示这张图页的照片。</translation>
    </message>
    <message>
        <source>{title}, printed {date} (sheet {sheet_id})</source>
        <translation>{title}，{date} 打印（图页编号 {sheet_id}）</translation>
    </message>
    <message>
        <source>No mark chosen</source>
        <translation>未选中标记</translation>
    </message>
    <message>
        <source>Mark {number}: what it records</source>
        <translation>标记 {number} 记录的是：</translation>
    </message>
    <message>
        <source>Marked sheets: read pen marks back onto the map</source>
        <translation>外业标注图页：把笔迹标记读回地图</translation>
    </message>
    <message>
        <source>Read photos of marked sheets...</source>
        <translation>读取标注图页照片...</translation>
    </message>
    <message>
        <source>Photos read</source>
        <translation>已读取的照片</translation>
    </message>
    <message>
        <source>Household:</source>
        <translation>住户：</translation>
    </message>
    <message>
        <source>New household here...</source>
        <translation>在此新增住户...</translation>
    </message>
    <message>
        <source>Move household here</source>
        <translation>把住户移到此处</translation>
    </message>
    <message>
        <source>Log a visit...</source>
        <translation>登记走访...</translation>
    </message>
    <message>
        <source>Log a dispute here...</source>
        <translation>在此登记矛盾纠纷...</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Photos of marked sheets</source>
        <translation>外业标注图页照片</translation>
    </message>
    <message>
        <source>Photos ({patterns})</source>
        <translation>照片（{patterns}）</translation>
    </message>
</context>
<context>
    <name>SketchEdits</name>
    <message>
        <source>Delete {count} control point(s)</source>
        <translation>删除 {count} 个控制点</translation>
    </message>
    <message>
        <source>Place household {house_no}</source>
        <translation>标注住户 {house_no}号</translation>
    </message>
    <message>
        <source>New household {house_no}</source>
        <translation>新建住户 {house_no}号</translation>
    </message>
    <message>
        <source>Outline grid {code}</source>
        <translation>绘制网格 {code} 的边界</translation>
    </message>
</context>
<context>
    <name>SketchPhotoError</name>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path}：{reason}</translation>
    </message>
</context>
<context>
    <name>SketchUnreadableError</name>
    <message>
        <source>sketch &apos;{title}&apos;: its image cannot be read, so it is not shown on the map</source>
        <translation>手绘图“{title}”：图像无法读取，因此不在地图上显示</translation>
    </message>
</context>
<context>
    <name>SpotCheckDialog</name>
    <message>
        <source>not called yet</source>
        <translation>尚未回访</translation>
    </message>
    <message>
        <source>{count} visits of {day} to call back, drawn at random from the station&apos;s name and the day: the same day always gives the same list. Record what each household says; it counts in the monthly bulletin.</source>
        <translation>{day} 的走访中抽取 {count} 次需回访核实：按派出所名称和日期随机抽取，同一天总是同一份名单。请逐户记录核实结果，结果计入月度通报。</translation>
    </message>
    <message>
        <source>Spot check of house {house}: {result}</source>
        <translation>暗访抽查 {house} 号：{result}</translation>
    </message>
    <message>
        <source>Daily spot check</source>
        <translation>每日暗访抽查</translation>
    </message>
    <message>
        <source>Visits of</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <source>Calls per officer</source>
        <translation>每名民警抽查次数</translation>
    </message>
    <message>
        <source>Called back by</source>
        <translation>回访人</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>民警</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>House no.</source>
        <translation>门牌号</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>核实结果</translation>
    </message>
    <message>
        <source>Called by, at</source>
        <translation>回访人及时间</translation>
    </message>
</context>
<context>
    <name>SpotCheckError</name>
    <message>
        <source>spot check: {reason}</source>
        <translation>暗访抽查：{reason}</translation>
    </message>
</context>
<context>
    <name>StartOffNetworkError</name>
    <message>
        <source>{stop} is {distance_m:.0f} m from the nearest road (at most {limit_m:.0f} m is allowed); start and end on the road network or add the missing road</source>
        <translation>{stop} 距最近的道路 {distance_m:.0f} 米（最多允许 {limit_m:.0f} 米）；请在道路网上选择起点和终点，或补画缺少的道路</translation>
    </message>
</context>
<context>
    <name>StationPeopleDialog</name>
    <message>
        <source>Officers and grids</source>
        <translation>民警和网格</translation>
    </message>
    <message>
        <source>Officers</source>
        <translation>警员</translation>
    </message>
    <message>
        <source>Grids</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Village</source>
        <translation>村</translation>
    </message>
    <message>
        <source>Community officer</source>
        <translation>社区民警</translation>
    </message>
    <message>
        <source>Auxiliary</source>
        <translation>辅警</translation>
    </message>
    <message>
        <source>Grid name</source>
        <translation>网格名称</translation>
    </message>
    <message>
        <source>Visit every (days)</source>
        <translation>走访周期（天）</translation>
    </message>
    <message>
        <source>Monthly target</source>
        <translation>每月任务</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Add a person...</source>
        <translation>添加人员...</translation>
    </message>
    <message>
        <source>Add a grid...</source>
        <translation>添加网格...</translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation>修改...</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Draw outline on the map</source>
        <translation>在地图上画边界</translation>
    </message>
    <message>
        <source>Every change is saved at once and can be undone (Ctrl+Z). A new grid is saved once its outline is drawn on the map: click its corners, double-click or press Enter to finish.</source>
        <translation>每处修改立即保存，并可撤销（Ctrl+Z）。新网格在地图上画好边界后保存：依次单击拐点，双击或按回车结束。</translation>
    </message>
    <message>
        <source>Nothing can be changed here: {reason}</source>
        <translation>这里不能修改：{reason}</translation>
    </message>
    <message>
        <source>Grids are drawn on the main window&apos;s map</source>
        <translation>网格在主窗口的地图上画</translation>
    </message>
</context>
<context>
    <name>StationPeopleEdits</name>
    <message>
        <source>%n household(s)</source>
        <translation>%n 户</translation>
    </message>
    <message>
        <source>%n dispute(s)</source>
        <translation>%n 件纠纷</translation>
    </message>
    <message>
        <source>%n landmark(s)</source>
        <translation>%n 个地标</translation>
    </message>
    <message>
        <source>%n sketch(es)</source>
        <translation>%n 张手绘图</translation>
    </message>
    <message>
        <source>Add officer {name}</source>
        <translation>添加警员 {name}</translation>
    </message>
    <message>
        <source>Edit officer {name}</source>
        <translation>修改警员 {name}</translation>
    </message>
    <message>
        <source>{name} cannot be removed: grid(s) {codes} still name them as officer or auxiliary. Choose someone else for those grids first.</source>
        <translation>不能删除 {name}：网格 {codes} 仍指定其为民警或辅警。请先为这些网格另选人员。</translation>
    </message>
    <message>
        <source>Remove officer {name}</source>
        <translation>删除警员 {name}</translation>
    </message>
    <message>
        <source>{name} keeps the role they have: grid(s) {codes} name them in it. Choose someone else for those grids first.</source>
        <translation>{name} 的职务不能改：网格 {codes} 按这个职务指定了他。请先为这些网格另选人员。</translation>
    </message>
    <message>
        <source>Add grid {code}</source>
        <translation>添加网格 {code}</translation>
    </message>
    <message>
        <source>Edit grid {code}</source>
        <translation>修改网格 {code}</translation>
    </message>
    <message>
        <source>Outline grid {code}</source>
        <translation>画网格 {code} 的边界</translation>
    </message>
    <message>
        <source>Grid {code} cannot be removed: {records} still belong to it. Move them to another grid first.</source>
        <translation>不能删除网格 {code}：仍有{records}属于它。请先把它们移到别的网格。</translation>
    </message>
    <message>
        <source>Remove grid {code}</source>
        <translation>删除网格 {code}</translation>
    </message>
</context>
<context>
    <name>StationRulesDialog</name>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Change the station rules</source>
        <translation>修改本所规则</translation>
    </message>
    <message>
        <source>Station rules</source>
        <translation>本所规则</translation>
    </message>
    <message>
        <source>Patrol routes</source>
        <translation>巡逻路线</translation>
    </message>
    <message>
        <source>A day of visits, travel included</source>
        <translation>一天走访时长（含路途）</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Visit key persons every ... days</source>
        <translation>重点人员走访周期（天）</translation>
    </message>
    <message>
        <source>Follow up a settled dispute within ... days</source>
        <translation>纠纷化解后回访期限（天）</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
</context>
<context>
    <name>StationSetupError</name>
    <message>
        <source>cannot set up the station: {reason}</source>
        <translation>无法建立派出所项目：{reason}</translation>
    </message>
</context>
<context>
    <name>StopsFileError</name>
    <message>
        <source>{path}, row {row}: {reason}</source>
        <translation>{path} 第 {row} 行：{reason}</translation>
    </message>
</context>
<context>
    <name>StopsOffNetworkNotice</name>
    <message>
        <source>{count} stop(s) lie more than {limit_m:.0f} m from every road and were left out, the farthest {stop} at {distance_m:.0f} m</source>
        <translation>{count} 个走访点距所有道路都超过 {limit_m:.0f} 米，未排入路线，其中最远的 {stop} 距道路 {distance_m:.0f} 米</translation>
    </message>
</context>
<context>
    <name>StraightLineNotice</name>
    <message>
        <source>no road network: distances are straight lines, so the real way is longer; import the roads for a route along them</source>
        <translation>没有路网：距离按直线计算，实际路程更长；导入道路后可沿道路规划路线</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Wait until this has finished: {task}</source>
        <translation>请等待当前任务完成：{task}</translation>
    </message>
</context>
<context>
    <name>TodaysWorkDock</name>
    <message>
        <source>All officers</source>
        <translation>全部民警</translation>
    </message>
    <message>
        <source>never visited</source>
        <translation>从未走访</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今天到期</translation>
    </message>
    <message>
        <source>{days} days overdue</source>
        <translation>逾期 {days} 天</translation>
    </message>
    <message>
        <source>Today&apos;s work</source>
        <translation>今日工作</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>民警</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Key persons due ({count})</source>
        <translation>重点人员待走访（{count}）</translation>
    </message>
    <message>
        <source>Follow-ups overdue ({count})</source>
        <translation>回访逾期（{count}）</translation>
    </message>
    <message>
        <source>House no.</source>
        <translation>门牌号</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Key person</source>
        <translation>重点关注</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>回访</translation>
    </message>
</context>
<context>
    <name>UnknownCoordinateSystemError</name>
    <message>
        <source>unknown coordinate system &apos;{given}&apos;: use wgs84, cgcs2000, gcj02 (Amap, Tencent), bd09 (Baidu) or EPSG:&lt;code&gt;</source>
        <translation>未知坐标系“{given}”：请使用 wgs84、cgcs2000、gcj02（高德、腾讯）、bd09（百度）或 EPSG:&lt;代码&gt;</translation>
    </message>
</context>
<context>
    <name>UnknownGridError</name>
    <message>
        <source>no grid has the code {code}</source>
        <translation>没有编号为 {code} 的网格</translation>
    </message>
</context>
<context>
    <name>UnknownImageryError</name>
    <message>
        <source>{path}: no imagery called &apos;{name}&apos; (the project has: {names})</source>
        <translation>{path}：没有名为“{name}”的影像（项目中有：{names}）</translation>
    </message>
</context>
<context>
    <name>UnknownImportLayerError</name>
    <message>
        <source>files are imported into households, visits, disputes, officers, grids, roads or landmarks, not &apos;{layer}&apos;</source>
        <translation>文件只能导入住户、走访、纠纷、警员、网格、道路或地标，不能导入“{layer}”</translation>
    </message>
</context>
<context>
    <name>UnknownImportTargetError</name>
    <message>
        <source>column &apos;{header}&apos; is mapped to &apos;{target}&apos;, which {layer} has not; use one of: {targets}</source>
        <translation>列“{header}”被对应到“{target}”，但 {layer} 没有该字段；请使用以下之一：{targets}</translation>
    </message>
</context>
<context>
    <name>UnknownOfficerError</name>
    <message>
        <source>no grid or visit names the officer &apos;{officer}&apos;; check the spelling against the grids</source>
        <translation>没有任何网格或走访记录属于民警“{officer}”；请对照网格核对姓名</translation>
    </message>
</context>
<context>
    <name>UnknownSketchError</name>
    <message>
        <source>{location}: no sketch has the id or title &apos;{sketch}&apos;</source>
        <translation>{location}：没有编号或标题为“{sketch}”的手绘图</translation>
    </message>
</context>
<context>
    <name>UnknownStopError</name>
    <message>
        <source>no stop has the id &apos;{stop}&apos;; the ids are those in the first column</source>
        <translation>没有标识为“{stop}”的走访点；标识即第一列的值</translation>
    </message>
</context>
<context>
    <name>UnsupportedCrsError</name>
    <message>
        <source>{location}: layer &apos;{layer}&apos; is stored in {crs}, not in CGCS2000 (EPSG:4490); save it again in EPSG:4490 (QGIS: Export &gt; Save Features As, or ogr2ogr -t_srs EPSG:4490)</source>
        <translation>{location}：图层“{layer}”的坐标系为 {crs}，不是 CGCS2000（EPSG:4490）；请另存为 EPSG:4490（QGIS：导出 &gt; 要素另存为，或 ogr2ogr -t_srs EPSG:4490）</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>Log visit to No. {house_no}</source>
        <translation>登记走访（{house_no}号）</translation>
    </message>
</context>
<context>
    <name>WanggeError</name>
    <message>
        <source>{detail}</source>
        <translation>{detail}</translation>
    </message>
</context>
<context>
    <name>WarpError</name>
    <message>
        <source>{path}: cannot write the georeferenced sketch ({reason})</source>
        <translation>{path}：无法写入已配准的手绘图（{reason}）</translation>
    </message>
</context>
<context>
    <name>WebMap</name>
    <message>
        <source>Visit recency as of {date}</source>
        <translation>走访状态（截至 {date}）</translation>
    </message>
    <message>
        <source>Contains residents&apos; personal information (full names, phone numbers, ID numbers): do not pass it on, and delete it when it is no longer needed.</source>
        <translation>含居民个人信息（完整姓名、电话、身份证号）：请勿外传，不再需要时请删除。</translation>
    </message>
    <message>
        <source>Names and phone numbers are masked; no ID numbers.</source>
        <translation>姓名和电话已脱敏，不含身份证号。</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>Imagery: {name}</source>
        <translation>影像：{name}</translation>
    </message>
</context>
<context>
    <name>WeeklySheet</name>
    <message>
        <source>Visits recorded this week, by purpose</source>
        <translation>本周走访（按事由）</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>Open disputes in his grids at week end, by grade; key persons overdue</source>
        <translation>周末网格内未化解纠纷（按等级）及逾期重点人员</translation>
    </message>
    <message>
        <source>Key persons overdue</source>
        <translation>重点人员逾期</translation>
    </message>
    <message>
        <source>Dispute follow-ups due this week or overdue</source>
        <translation>本周到期及逾期纠纷回访</translation>
    </message>
    <message>
        <source>House no.</source>
        <translation>门牌号</translation>
    </message>
    <message>
        <source>Head of household</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>回访期限</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>是否已回访</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已回访</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>未回访</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Households to visit next week</source>
        <translation>下周走访清单</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>key person overdue</source>
        <translation>重点人员逾期</translation>
    </message>
    <message>
        <source>dispute follow-up</source>
        <translation>纠纷回访</translation>
    </message>
    <message>
        <source>never visited</source>
        <translation>从未走访</translation>
    </message>
    <message>
        <source>{station} week {week:02d} of {year}: visits and follow-ups — {officer}</source>
        <translation>{station} {year}年第{week:02d}周 走访回访清单 — {officer}</translation>
    </message>
    <message>
        <source>{week}, {monday} to {sunday} (Beijing time) · grids: {grids}</source>
        <translation>{week}，{monday} 至 {sunday}（北京时间）· 负责网格：{grids}</translation>
    </message>
    <message>
        <source>Full personal details: for the station&apos;s own use, do not pass on</source>
        <translation>含完整个人信息，仅限所内使用，不得外传</translation>
    </message>
    <message>
        <source>Head names masked; full details in the app only</source>
        <translation>户主姓名已脱敏；完整信息请在系统内查看</translation>
    </message>
    <message>
        <source>{heading}, continued</source>
        <translation>{heading}（续）</translation>
    </message>
    <message>
        <source>Weekly sheet {week}</source>
        <translation>每周走访回访清单 {week}</translation>
    </message>
</context>
<context>
    <name>WorkingDayError</name>
    <message>
        <source>the station&apos;s working day is set to &apos;{given}&apos; hours; set it in the station rules to between 0.25 and {longest:g}</source>
        <translation>派出所的工作日时长被设为“{given}”小时；请在派出所规则中设为 0.25 到 {longest:g} 之间</translation>
    </message>
</context>
<context>
    <name>_FilePage</name>
    <message>
        <source>The project file</source>
        <translation>项目文件</translation>
    </message>
    <message>
        <source>One GeoPackage file holds the whole station; QGIS opens it as it is. An existing file is kept.</source>
        <translation>整个派出所保存在一个 GeoPackage 文件里，QGIS 可直接打开。已有的文件不会被覆盖。</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择...</translation>
    </message>
</context>
<context>
    <name>_PeoplePage</name>
    <message>
        <source>The station&apos;s people</source>
        <translation>派出所人员</translation>
    </message>
    <message>
        <source>Community officers and auxiliaries, who own the grids; more can be added later.</source>
        <translation>负责各网格的社区民警和辅警；以后还可以再添加。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>添加人员</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>_RecordForm</name>
    <message>
        <source>{record}, {field}</source>
        <translation>{record}，{field}</translation>
    </message>
    <message>
        <source>{table}, row {row}, {field}</source>
        <translation>{table}，第 {row} 行，{field}</translation>
    </message>
</context>
<context>
    <name>_StationPage</name>
    <message>
        <source>The station</source>
        <translation>派出所</translation>
    </message>
    <message>
        <source>Its name and place, as they are to appear on maps and reports.</source>
        <translation>名称和所在地，将显示在地图和报表上。</translation>
    </message>
    <message>
        <source>Police station</source>
        <translation>派出所</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县</translation>
    </message>
    <message>
        <source>Villages (one per line)</source>
        <translation>行政村（每行一个）</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>e.g. 豫海派出所</source>
        <translation>例如 豫海派出所</translation>
    </message>
    <message>
        <source>e.g. 豫海镇</source>
        <translation>例如 豫海镇</translation>
    </message>
    <message>
        <source>e.g. 同心县</source>
        <translation>例如 同心县</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>no display: the desktop app needs a screen (set DISPLAY, or run &apos;xvfb-run wangge open&apos; on a server)</source>
        <translation>没有显示器：桌面程序需要屏幕（请设置 DISPLAY，服务器上可运行 &apos;xvfb-run wangge open&apos;）</translation>
    </message>
    <message>
        <source>Qt needs the system library libxcb-cursor0 to open windows: install it (apt-get install libxcb-cursor0)</source>
        <translation>Qt 打开窗口需要系统库 libxcb-cursor0：请安装（apt-get install libxcb-cursor0）</translation>
    </message>
</context>
<context>
    <name>argparse</name>
    <message>
        <source>usage: </source>
        <translation>用法：</translation>
    </message>
    <message>
        <source>positional arguments</source>
        <translation>位置参数</translation>
    </message>
    <message>
        <source>options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>show this help message and exit</source>
        <translation>显示本帮助并退出</translation>
    </message>
    <message>
        <source>show program&apos;s version number and exit</source>
        <translation>显示程序版本号并退出</translation>
    </message>
    <message>
        <source>%(prog)s: error: %(message)s
</source>
        <translation>%(prog)s：错误：%(message)s
</translation>
    </message>
    <message>
        <source>argument %(argument_name)s: %(message)s</source>
        <translation>参数 %(argument_name)s：%(message)s</translation>
    </message>
    <message>
        <source>the following arguments are required: %s</source>
        <translation>缺少必需的参数：%s</translation>
    </message>
    <message>
        <source>one of the arguments %s is required</source>
        <translation>参数 %s 必须给出其中一个</translation>
    </message>
    <message>
        <source>unrecognized arguments: %s</source>
        <translation>无法识别的参数：%s</translation>
    </message>
    <message>
        <source>not allowed with argument %s</source>
        <translation>不能与参数 %s 同时使用</translation>
    </message>
    <message>
        <source>ignored explicit argument %r</source>
        <translation>忽略了多余的参数值 %r</translation>
    </message>
    <message>
        <source>expected one argument</source>
        <translation>需要一个值</translation>
    </message>
    <message>
        <source>expected at most one argument</source>
        <translation>最多需要一个值</translation>
    </message>
    <message>
        <source>expected at least one argument</source>
        <translation>至少需要一个值</translation>
    </message>
    <message>
        <source>expected %s argument</source>
        <translation>需要 %s 个值</translation>
    </message>
    <message>
        <source>expected %s arguments</source>
        <translation>需要 %s 个值</translation>
    </message>
    <message>
        <source>ambiguous option: %(option)s could match %(matches)s</source>
        <translation>选项不明确：%(option)s 可能是 %(matches)s</translation>
    </message>
    <message>
        <source>unexpected option string: %s</source>
        <translation>意外的选项：%s</translation>
    </message>
    <message>
        <source>invalid %(type)s value: %(value)r</source>
        <translation>无效的 %(type)s 值：%(value)r</translation>
    </message>
    <message>
        <source>invalid choice: %(value)r (choose from %(choices)s)</source>
        <translation>无效的选择：%(value)r（可选：%(choices)s）</translation>
    </message>
    <message>
        <source>unknown parser %(parser_name)r (choices: %(choices)s)</source>
        <translation>未知的子命令 %(parser_name)r（可选：%(choices)s）</translation>
    </message>
    <message>
        <source>can&apos;t open &apos;%(filename)s&apos;: %(error)s</source>
        <translation>无法打开“%(filename)s”：%(error)s</translation>
    </message>
</context>
<context>
    <name>language</name>
    <message>
        <source>en</source>
        <comment>the code of the language of this translation</comment>
        <translation>zh_CN</translation>
    </message>
</context>
<context>
    <name>legend</name>
    <message>
        <source>{grade}, open</source>
        <translation>{grade}·未化解</translation>
    </message>
    <message>
        <source>{grade}, resolved</source>
        <translation>{grade}·已化解</translation>
    </message>
    <message>
        <source>{meaning} ({count:,})</source>
        <translation>{meaning}（{count:,}）</translation>
    </message>
    <message>
        <source>Visited in cycle {low:.0%}–{high:.0%} ({count:,} grids)</source>
        <translation>周期内已走访 {low:.0%}–{high:.0%}（{count:,} 个网格）</translation>
    </message>
    <message>
        <source>Visited in cycle {low:.0%}–{high:.0%} ({count:,} villages)</source>
        <translation>周期内已走访 {low:.0%}–{high:.0%}（{count:,} 个行政村）</translation>
    </message>
    <message>
        <source>Visited in cycle {low:.0%}–{high:.0%} ({count:,} townships)</source>
        <translation>周期内已走访 {low:.0%}–{high:.0%}（{count:,} 个乡镇）</translation>
    </message>
    <message>
        <source>Grid boundary</source>
        <translation>网格边界</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>住户</translation>
    </message>
    <message>
        <source>Key person</source>
        <translation>重点关注对象</translation>
    </message>
</context>
<context>
    <name>reason</name>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>not an .xlsx or .csv file; save it from Excel or WPS as one of them</source>
        <translation>不是 .xlsx 或 .csv 文件；请在 Excel 或 WPS 中另存为其中一种</translation>
    </message>
    <message>
        <source>the text is neither UTF-8 nor GBK/GB18030; save it again as CSV UTF-8</source>
        <translation>文本编码既不是 UTF-8 也不是 GBK/GB18030；请重新另存为 CSV UTF-8</translation>
    </message>
    <message>
        <source>a folder, not a file</source>
        <translation>这是文件夹，不是文件</translation>
    </message>
    <message>
        <source>not a GeoPackage (SQLite) file</source>
        <translation>不是 GeoPackage（SQLite）文件</translation>
    </message>
    <message>
        <source>an SQLite database, but not a GeoPackage</source>
        <translation>是 SQLite 数据库，但不是 GeoPackage</translation>
    </message>
    <message>
        <source>a GeoPackage without Wangge layers</source>
        <translation>GeoPackage 中没有 Wangge 的图层</translation>
    </message>
    <message>
        <source>a value is required</source>
        <translation>必须填写</translation>
    </message>
    <message>
        <source>text expected</source>
        <translation>应为文本</translation>
    </message>
    <message>
        <source>true or false expected</source>
        <translation>应为“是”或“否”</translation>
    </message>
    <message>
        <source>a whole number expected</source>
        <translation>应为整数</translation>
    </message>
    <message>
        <source>a finite number expected</source>
        <translation>应为有效数字</translation>
    </message>
    <message>
        <source>an ISO 8601 date and time with time zone expected</source>
        <translation>应为带时区的 ISO 8601 日期时间</translation>
    </message>
    <message>
        <source>a date and time with time zone expected</source>
        <translation>应为带时区的日期时间</translation>
    </message>
    <message>
        <source>a calendar date expected</source>
        <translation>应为日期</translation>
    </message>
    <message>
        <source>binary data expected</source>
        <translation>应为二进制数据</translation>
    </message>
    <message>
        <source>a location is required</source>
        <translation>必须有位置</translation>
    </message>
    <message>
        <source>this layer has no geometry</source>
        <translation>该图层没有几何</translation>
    </message>
    <message>
        <source>coordinates must be longitude/latitude in degrees (projected or swapped?)</source>
        <translation>坐标必须是以度为单位的经纬度（是否为投影坐标或经纬度颠倒？）</translation>
    </message>
    <message>
        <source>a database without Wangge layers (run: wangge db init URL)</source>
        <translation>数据库中没有 Wangge 的图层（请先运行：wangge db init URL）</translation>
    </message>
    <message>
        <source>the record is outside the grids you may edit</source>
        <translation>该记录不在您可编辑的网格内</translation>
    </message>
    <message>
        <source>PostgreSQL text cannot hold the NUL character (\x00); remove it</source>
        <translation>PostgreSQL 文本不能包含空字符（\x00），请删除</translation>
    </message>
    <message>
        <source>the folder does not exist</source>
        <translation>文件夹不存在</translation>
    </message>
    <message>
        <source>it is the project file itself</source>
        <translation>这正是项目文件本身</translation>
    </message>
    <message>
        <source>a shapefile export is a .zip</source>
        <translation>Shapefile 导出文件须为 .zip</translation>
    </message>
    <message>
        <source>the file must end in .pdf or .png</source>
        <translation>文件名须以 .pdf 或 .png 结尾</translation>
    </message>
    <message>
        <source>the image could not be written</source>
        <translation>图像无法写出</translation>
    </message>
    <message>
        <source>unknown coordinate system (use wgs84, cgcs2000, gcj02, bd09 or EPSG:&lt;code&gt;)</source>
        <translation>未知坐标系（请使用 wgs84、cgcs2000、gcj02、bd09 或 EPSG:&lt;代码&gt;）</translation>
    </message>
    <message>
        <source>a coordinate is not a number</source>
        <translation>坐标不是数字</translation>
    </message>
    <message>
        <source>not a text file</source>
        <translation>不是文本文件</translation>
    </message>
    <message>
        <source>the header lacks mapX, mapY, sourceX or sourceY</source>
        <translation>表头缺少 mapX、mapY、sourceX 或 sourceY</translation>
    </message>
    <message>
        <source>expected mapX,mapY,sourceX,sourceY,enable</source>
        <translation>应为 mapX,mapY,sourceX,sourceY,enable</translation>
    </message>
    <message>
        <source>enable must be 1 or 0</source>
        <translation>enable 必须为 1 或 0</translation>
    </message>
    <message>
        <source>expected four numbers: pixel x, pixel y, X, Y</source>
        <translation>应为四个数：像素 x、像素 y、X、Y</translation>
    </message>
    <message>
        <source>not valid JSON</source>
        <translation>不是有效的 JSON</translation>
    </message>
    <message>
        <source>the annotation page must hold exactly one annotation</source>
        <translation>标注页必须只含一个标注</translation>
    </message>
    <message>
        <source>not a georeference annotation (no GeoJSON features)</source>
        <translation>不是配准标注（没有 GeoJSON 要素）</translation>
    </message>
    <message>
        <source>a point needs properties.resourceCoords and coordinates</source>
        <translation>点须有 properties.resourceCoords 和坐标</translation>
    </message>
    <message>
        <source>the transform sends part of the sketch to infinity; check the control points</source>
        <translation>该变换把手绘图的一部分映射到无穷远处；请检查控制点</translation>
    </message>
    <message>
        <source>the file must end in .png, .jpg or .jpeg</source>
        <translation>文件名须以 .png、.jpg 或 .jpeg 结尾</translation>
    </message>
    <message>
        <source>{count} control points are too few for any fit; add more</source>
        <translation>{count} 个控制点太少，无法拟合，请继续加点</translation>
    </message>
    <message>
        <source>needs at least {needed} enabled control points, has {count}</source>
        <translation>至少需要 {needed} 个参与配准的控制点，现有 {count} 个</translation>
    </message>
    <message>
        <source>points {points} are at the same place on the sketch; remove one</source>
        <translation>点 {points} 在手绘图上位置相同，请删除其一</translation>
    </message>
    <message>
        <source>all points lie on one line on the sketch; add a point off it</source>
        <translation>所有点在手绘图上位于一条直线上，请在线外加点</translation>
    </message>
    <message>
        <source>points {points} are at the same place on the map; remove one</source>
        <translation>点 {points} 在地图上位置相同，请删除其一</translation>
    </message>
    <message>
        <source>all points lie on one line on the map; add a point off it</source>
        <translation>所有点在地图上位于一条直线上，请在线外加点</translation>
    </message>
    <message>
        <source>the file must end in .pdf</source>
        <translation>文件须以 .pdf 结尾</translation>
    </message>
    <message>
        <source>the file cannot be written</source>
        <translation>无法写入该文件</translation>
    </message>
    <message>
        <source>the file must end in .pdf or .xlsx</source>
        <translation>文件须以 .pdf 或 .xlsx 结尾</translation>
    </message>
    <message>
        <source>no officer to print</source>
        <translation>没有可打印的民警</translation>
    </message>
    <message>
        <source>draw at least 1 visit per officer, not {per_officer}</source>
        <translation>每名民警至少抽查 1 条走访，不能是 {per_officer}</translation>
    </message>
    <message>
        <source>&apos;{result}&apos; is not a result; use one of {codes}</source>
        <translation>“{result}”不是有效的核实结果；请使用 {codes} 之一</translation>
    </message>
    <message>
        <source>visit code {code} is too short: give the {length} characters listed</source>
        <translation>走访编号 {code} 太短：请输入清单中的 {length} 位编号</translation>
    </message>
    <message>
        <source>no visit has the code {code}</source>
        <translation>没有编号为 {code} 的走访</translation>
    </message>
    <message>
        <source>{count} visits begin with {code}: give more of the code</source>
        <translation>有 {count} 条走访以 {code} 开头：请多输入几位编号</translation>
    </message>
    <message>
        <source>name who called visit {visit} back</source>
        <translation>请写明走访 {visit} 的回访核实人</translation>
    </message>
    <message>
        <source>give --day YYYY-MM-DD to draw a sample or --record VISIT</source>
        <translation>请用 --day YYYY-MM-DD 抽取样本，或用 --record 编号 记录结果</translation>
    </message>
    <message>
        <source>--result and --by go with --record VISIT, not with --day</source>
        <translation>--result 和 --by 要与 --record 编号 一起使用，不能与 --day 一起用</translation>
    </message>
    <message>
        <source>&apos;{given}&apos; is not a day; write it as YYYY-MM-DD, e.g. 2026-11-27</source>
        <translation>“{given}”不是日期；请写成 YYYY-MM-DD，例如 2026-11-27</translation>
    </message>
    <message>
        <source>--record needs --result RESULT and --by NAME</source>
        <translation>--record 需要同时给出 --result RESULT 和 --by NAME</translation>
    </message>
    <message>
        <source>no rule is called &apos;{name}&apos;; the rules are: {rules}</source>
        <translation>没有名为“{name}”的规则；现有规则：{rules}</translation>
    </message>
    <message>
        <source>the weight of &apos;{name}&apos; must be a whole number of 0 or more</source>
        <translation>“{name}”的权重必须是不小于 0 的整数</translation>
    </message>
    <message>
        <source>expected an object of rule names and weights</source>
        <translation>应为由规则名和权重组成的对象</translation>
    </message>
    <message>
        <source>the list of stops is empty</source>
        <translation>走访点列表为空</translation>
    </message>
    <message>
        <source>no road joins the start to the end</source>
        <translation>起点和终点之间没有道路相连</translation>
    </message>
    <message>
        <source>none of the {count} stops can be reached by road from the start</source>
        <translation>{count} 个走访点都无法从起点经道路到达</translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>it does not say its coordinate system; save it with one, e.g. EPSG:4490, and try again</source>
        <translation>文件未注明坐标系；请指定坐标系（如 EPSG:4490）另存后重试</translation>
    </message>
    <message>
        <source>it holds no lines</source>
        <translation>文件中没有线要素</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <source>the header must name the columns id,x,y (metres) or id,lon,lat</source>
        <translation>表头必须包含 id,x,y（米）或 id,lon,lat 列</translation>
    </message>
    <message>
        <source>the id &apos;{id}&apos; is used twice</source>
        <translation>标识“{id}”重复出现</translation>
    </message>
    <message>
        <source>the file is not text (UTF-8 or GBK)</source>
        <translation>不是文本文件（UTF-8 或 GBK）</translation>
    </message>
    <message>
        <source>column &apos;{column}&apos; must be a number, not &apos;{value}&apos;</source>
        <translation>“{column}”列应为数字，不能是“{value}”</translation>
    </message>
    <message>
        <source>the id is empty</source>
        <translation>标识为空</translation>
    </message>
    <message>
        <source>the priority must be more than 0</source>
        <translation>优先级必须大于 0</translation>
    </message>
    <message>
        <source>lon {lon} and lat {lat} are not degrees; for metres name the columns x,y</source>
        <translation>经度 {lon}、纬度 {lat} 不是以度为单位；坐标以米为单位时请将列命名为 x,y</translation>
    </message>
    <message>
        <source>{path} lists none</source>
        <translation>{path} 中没有走访点</translation>
    </message>
    <message>
        <source>no household of {location} matches the rules as of that day</source>
        <translation>{location} 中当天没有符合规则的住户</translation>
    </message>
    <message>
        <source>a route sheet needs a project for its map; STOPS is a file of points</source>
        <translation>走访路线单要用项目绘制地图；STOPS 是点文件，不是项目</translation>
    </message>
    <message>
        <source>the county is the highest level of joint mediation</source>
        <translation>县级已是三级联调的最高一级</translation>
    </message>
    <message>
        <source>it was already followed up</source>
        <translation>该纠纷已回访过</translation>
    </message>
    <message>
        <source>that step does not follow from its status</source>
        <translation>纠纷当前状态下不能进行这一步</translation>
    </message>
    <message>
        <source>no household has it</source>
        <translation>没有这个门牌号的住户</translation>
    </message>
    <message>
        <source>{count} households in other grids have it; log it from the card of the right one</source>
        <translation>其他网格有 {count} 户同号；请从正确住户的卡片登记</translation>
    </message>
    <message>
        <source>the station needs a name</source>
        <translation>派出所名称不能为空</translation>
    </message>
    <message>
        <source>unknown time zone &apos;{zone}&apos;; all of China keeps Asia/Shanghai</source>
        <translation>未知时区“{zone}”；全国统一使用 Asia/Shanghai（北京时间）</translation>
    </message>
    <message>
        <source>person {number} has no name</source>
        <translation>第 {number} 名人员没有填写姓名</translation>
    </message>
    <message>
        <source>{name} is listed twice</source>
        <translation>{name} 被重复填写了</translation>
    </message>
    <message>
        <source>not a JPEG, PNG or HEIC photo; take or save the photo as JPEG</source>
        <translation>不是 JPEG、PNG 或 HEIC 照片；请拍成或另存为 JPEG</translation>
    </message>
    <message>
        <source>{megapixels:.1f} megapixels; a sketch photo must have 1 to 50</source>
        <translation>{megapixels:.1f} 百万像素；手绘图照片须在 1 到 50 百万像素之间</translation>
    </message>
    <message>
        <source>the image cannot be decoded ({detail})</source>
        <translation>图像无法解码（{detail}）</translation>
    </message>
    <message>
        <source>an SQLite file, but not an MBTiles tile package</source>
        <translation>是 SQLite 文件，但不是 MBTiles 瓦片包</translation>
    </message>
    <message>
        <source>vector tiles (pbf), not imagery; use a raster package</source>
        <translation>是矢量瓦片（pbf），不是影像；请使用栅格瓦片包</translation>
    </message>
    <message>
        <source>the tile package holds no tiles</source>
        <translation>瓦片包里没有瓦片</translation>
    </message>
    <message>
        <source>its tiles are not PNG, JPEG or WebP pictures</source>
        <translation>其瓦片不是 PNG、JPEG 或 WebP 图片</translation>
    </message>
    <message>
        <source>damaged or truncated file, unreadable near row {row}: {detail}</source>
        <translation>文件损坏或不完整，第 {row} 行附近无法读取：{detail}</translation>
    </message>
    <message>
        <source>not an image file GDAL can read</source>
        <translation>不是 GDAL 能读取的影像文件</translation>
    </message>
    <message>
        <source>the image has only control points, no map position; warp it first (QGIS Georeferencer or gdalwarp) and add the result</source>
        <translation>影像只有控制点，没有地图位置；请先校正（QGIS 地理配准工具或 gdalwarp），再添加校正结果</translation>
    </message>
    <message>
        <source>no georeferencing (no coordinate system or map position); ask for a GeoTIFF or georeference the image first</source>
        <translation>没有地理参考（没有坐标系或地图位置）；请索要 GeoTIFF，或先给影像做地理配准</translation>
    </message>
    <message>
        <source>the image is rotated or not north-up; warp it north-up first (gdalwarp)</source>
        <translation>影像经过旋转或不是上北下南；请先校正为上北（gdalwarp）</translation>
    </message>
    <message>
        <source>complex-valued bands (radar data), not a picture</source>
        <translation>是复数波段（雷达数据），不是图片</translation>
    </message>
    <message>
        <source>{count} bands and none marked red, green and blue; make an RGB GeoTIFF of the bands to show</source>
        <translation>有 {count} 个波段，但没有标明红、绿、蓝；请用要显示的波段做成 RGB GeoTIFF</translation>
    </message>
    <message>
        <source>an OpenStreetMap extract gives roads and landmarks only</source>
        <translation>OpenStreetMap 数据只能导入道路和地标</translation>
    </message>
    <message>
        <source>this is the project itself; choose another file</source>
        <translation>这就是项目文件本身；请选择别的文件</translation>
    </message>
    <message>
        <source>registers, visit logs and ledgers are read from .xlsx or .csv</source>
        <translation>登记表、走访记录和台账从 .xlsx 或 .csv 读取</translation>
    </message>
    <message>
        <source>no layer of {wanted} features for {layer} (layers: {found})</source>
        <translation>没有可导入为{layer}的 {wanted} 图层（文件中的图层：{found}）</translation>
    </message>
    <message>
        <source>the file has no features for {layer} with coordinates</source>
        <translation>文件中没有带坐标、可导入为{layer}的要素</translation>
    </message>
    <message>
        <source>the photo is too blurred to find the sheet&apos;s corner squares; hold the phone still and retake it</source>
        <translation>照片太模糊，找不到图纸的定位方块；请拿稳手机重新拍摄</translation>
    </message>
    <message>
        <source>no printed Wangge sheet in the photo (none of its four black corner squares was found); photograph a sheet printed by Wangge with the whole map frame in view</source>
        <translation>照片中没有本软件打印的图纸（四角的黑色定位方块一个也没找到）；请拍摄本软件打印的图纸，并让整个地图框都在画面内</translation>
    </message>
    <message>
        <source>this sheet ({sheet_id}) was printed from another project; open the project it was printed from</source>
        <translation>这张图纸（{sheet_id}）是从另一个项目打印的；请打开打印它的那个项目</translation>
    </message>
    <message>
        <source>this project never registered sheet {sheet_id} (it was printed from a copy of the project, or from a read-only one); read it in the project it was printed from</source>
        <translation>本项目没有登记过图纸 {sheet_id}（它是从项目副本或只读项目打印的）；请在打印它的项目中读取</translation>
    </message>
    <message>
        <source>not a JPEG or PNG photo; take it with the phone&apos;s camera</source>
        <translation>不是 JPEG 或 PNG 照片；请用手机相机拍摄</translation>
    </message>
    <message>
        <source>the photo is over 60 megapixels; save it smaller and try again</source>
        <translation>照片超过 6000 万像素；请缩小后再试</translation>
    </message>
    <message>
        <source>not an image file; choose the photo of the sheet</source>
        <translation>不是图像文件；请选择图纸的照片</translation>
    </message>
    <message>
        <source>the image file is cut short (truncated); copy it from the phone again</source>
        <translation>图像文件不完整（被截断）；请从手机重新复制</translation>
    </message>
    <message>
        <source>the photo is under a megapixel, too small to read the sheet; use the phone camera&apos;s full size</source>
        <translation>照片不足 100 万像素，太小，无法读取图纸；请用手机相机的原始尺寸拍摄</translation>
    </message>
    <message>
        <source>found {found} of the sheet&apos;s four corner squares: the sheet is cut off; retake the photo with the whole map frame and its four black corner squares in view</source>
        <translation>只找到图纸四个定位方块中的 {found} 个：图纸没有拍全；请重新拍摄，让整个地图框和四角的黑色定位方块都在画面内</translation>
    </message>
    <message>
        <source>the corner squares do not lie on one sheet; retake the photo</source>
        <translation>定位方块不在同一张图纸上；请重新拍摄</translation>
    </message>
    <message>
        <source>the bottom-right corner of the map, with the sheet&apos;s QR code, is not in the photo; retake it with the whole map frame and its four black corner squares in view</source>
        <translation>照片中没有地图右下角（图纸二维码所在处）；请重新拍摄，让整个地图框和四角的黑色定位方块都在画面内</translation>
    </message>
    <message>
        <source>the sheet&apos;s QR code (left of the bottom-right corner square) cannot be read: the photo may be blurred or the code covered; hold the phone still, let it focus on the sheet and retake it</source>
        <translation>无法读取图纸的二维码（在右下角定位方块左侧）：照片可能模糊或二维码被遮挡；请拿稳手机、对准图纸对焦后重新拍摄</translation>
    </message>
</context>
<context>
    <name>sync</name>
    <message>
        <source>deleted here</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>changed on the server</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>changed here</source>
        <translation>已修改</translation>
    </message>
    <message>
        <source>deleted on the server</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>inserted</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>updated</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>sent {kind} {layer}: {n}</source>
        <translation>已上传（{kind}）{layer}：{n} 条</translation>
    </message>
    <message>
        <source>received {kind} {layer}: {n}</source>
        <translation>已接收（{kind}）{layer}：{n} 条</translation>
    </message>
    <message>
        <source>refused by the server: {reason}</source>
        <translation>服务器拒绝：{reason}</translation>
    </message>
    <message>
        <source>conflict {layer} {record} {field}: here {local} / server {server}</source>
        <translation>冲突 {layer} {record} {field}：本地 {local} / 服务器 {server}</translation>
    </message>
</context>
</TS>
